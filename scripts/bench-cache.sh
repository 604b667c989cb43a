#!/usr/bin/env bash
# Cold vs warm runs of the result cache on a corpus (a copy is made, so the
# corpus itself gets no .connlint_cache): hyperfine, medians and the ratio.
#   scripts/bench-cache.sh CORPUS_DIR [RUNS]
set -euo pipefail
corpus=${1:?usage: scripts/bench-cache.sh CORPUS_DIR [RUNS]}
runs=${2:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/corpus"
cd "$work/corpus"
run="$bin check . --exit-zero -q --output-format concise"
hyperfine -N -w 1 -r "$runs" --export-json "$work/times.json" \
    --prepare "$bin clean ." -n cold "$run" \
    --prepare "true" -n no-cache "$run --no-cache" \
    --prepare "true" -n warm "$run" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, statistics, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
med = {k: statistics.median(v["times"]) for k, v in res.items()}
for k in ("cold", "no-cache", "warm"):
    print(f"{k:9} median {med[k]:6.2f} s  user {res[k]['user']:6.2f} s")
print(f"warm is {med['cold'] / med['warm']:.1f}x faster than cold, "
      f"{med['no-cache'] / med['warm']:.1f}x faster than --no-cache")
PY
for mode in cold warm; do
    [ "$mode" = cold ] && "$bin" clean . >/dev/null 2>&1
    /usr/bin/time -f "$mode peak RSS: %M KB" $run >/dev/null
done
du -sh .connlint_cache | sed 's/^/cache size: /'
