#!/usr/bin/env bash
# Throughput on Rust code against Python code: whole runs of connlint (all
# rules, 2 threads) on the Python corpus and the Rust corpora made by
# ../shared/corpora/corpora.sh, side by side, then lines per second.
#
#   scripts/bench-rust.sh CORPORA_DIR [RUNS]
#
# CORPORA_DIR holds py-large/, rust-db/ (the database crates) and
# rust-vendor/ (their whole dependency tree). Needs hyperfine (Debian:
# apt-get install hyperfine) and python3. Builds the release binary.
set -euo pipefail
corpora=${1:?usage: scripts/bench-rust.sh CORPORA_DIR [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
json=$(mktemp)
trap 'rm -f "$json"' EXIT
cmds=()
names=()
for c in py-large rust-db rust-vendor; do
  [ -d "$corpora/$c" ] || continue
  names+=("$c")
  cmds+=(-n "$c" "$bin check $corpora/$c --jobs 2 --select ALL --output-format concise")
done
hyperfine --warmup 1 --runs "$runs" --ignore-failure -N --export-json "$json" "${cmds[@]}"
python3 - "$json" "$corpora" "${names[@]}" <<'PY'
import json, os, sys
data = json.load(open(sys.argv[1]))
corpora = sys.argv[2]
ext = {"py-large": ".py", "rust-db": ".rs", "rust-vendor": ".rs"}
print(f"{'corpus':<12} {'files':>6} {'lines':>10} {'median s':>9} {'lines/s':>10}")
for r, name in zip(data["results"], sys.argv[3:]):
    files = lines = 0
    for root, _, fs in os.walk(os.path.join(corpora, name)):
        for f in fs:
            if f.endswith(ext[name]):
                files += 1
                with open(os.path.join(root, f), "rb") as fh:
                    lines += fh.read().count(b"\n")
    med = r["median"]
    print(f"{name:<12} {files:>6} {lines:>10} {med:>9.2f} {lines / med:>10.0f}")
PY
