#!/usr/bin/env bash
# What the path-sensitive leak analysis (CL102-CL105) costs: whole runs on a
# corpus with only CL101/CL201 and with every rule, side by side.
#
#   scripts/bench-leaks.sh CORPUS_DIR [RUNS]
#
# CORPUS_DIR is e.g. the py-large tree made by ../shared/corpora/corpora.sh.
# Needs hyperfine (Debian: apt-get install hyperfine). Builds the release binary.
set -euo pipefail
corpus=${1:?usage: scripts/bench-leaks.sh CORPUS_DIR [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
cd "$corpus"
hyperfine --warmup 1 --runs "$runs" --ignore-failure \
  -n "CL101+CL201" "$bin check . --jobs 2 --select CL101,CL201 --output-format concise" \
  -n "all rules" "$bin check . --jobs 2 --select ALL --output-format concise"
