#!/usr/bin/env bash
# The cold-run target of issue 23 against its floor, in one run: connlint
# cold (no cache) on CORPUS, then tree-sitter alone on the files connlint's
# pass 1 took (benches/parse_floor.rs), same thread count. Prints both and
# the ratio.
#   scripts/parse-floor.sh CORPUS [THREADS]
set -euo pipefail
corpus=${1:?usage: scripts/parse-floor.sh CORPUS [THREADS]}
threads=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$corpus"
CONNLINT_TRACE=1 "$bin" check . --no-cache --exit-zero -q --jobs "$threads" 2>"$work/trace" >/dev/null
grep -h "pass 1 files:" "$work/trace" | cut -f2- | tr '\t' '\n' >"$work/files"  # absolute paths
hyperfine -N -w 1 -r 5 --export-json "$work/cold.json" \
    "$bin check . --no-cache --exit-zero -q --jobs $threads" >/dev/null
cold=$(python3 -c "import json,statistics,sys; print(statistics.median(json.load(open(sys.argv[1]))['results'][0]['times']))" "$work/cold.json")
floor=$(cd "$here" && CONNLINT_PARSE_LIST="$work/files" CONNLINT_PARSE_THREADS="$threads" \
    cargo bench --quiet --bench parse_floor 2>/dev/null | grep "parse floor")
echo "$floor"
median=$(echo "$floor" | sed 's/.*median \([0-9.]*\) s.*/\1/')
python3 -c "import sys; c,f=float(sys.argv[1]),float(sys.argv[2]); print(f'connlint cold: median {c:.3f} s; floor {f:.3f} s; ratio {c/f:.2f}x (target 1.2x)')" "$cold" "$median"
