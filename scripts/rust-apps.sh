#!/usr/bin/env bash
# The Rust service corpus of issue 21: the public Rust services listed in
# ecosystem/rust-apps.toml (axum/actix-web/rocket/poem/hyper backends, bots
# and workers on sqlx, diesel + r2d2, deadpool, bb8, diesel-async,
# mysql_async, sea-orm and tokio-postgres), each extracted at its pinned
# commit into DEST/<name>. How the list was chosen: ecosystem/RUST-APPS.md.
#
#   scripts/rust-apps.sh DEST [MIRRORS]      # MIRRORS defaults to /work/.mirror
#
# The same extraction as scripts/apps.sh (offline, from local git mirrors
# made by `fetch github:owner/name` or `git clone --bare`; see its header).
# Score with: scripts/apps-score.py DEST --corpus rust
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
APPS_LIST="$here/ecosystem/rust-apps.toml" exec "$here/scripts/apps.sh" "$@"
