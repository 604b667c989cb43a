#!/usr/bin/env bash
# The CLI's incremental speed beside ruff's, in one run: a warm run with
# nothing changed, and a warm run after one file changed, for two kinds of
# edit of FILE (made before each timed run, alternating between two
# versions so that every run sees a change):
#
#   comment   a comment at the end of the file changes (no facts change);
#   function  a helper function appended to the file (its module's facts
#             change; no summary another file reads does).
#
#   scripts/bench-incremental.sh CORPUS FILE [RUNS]
#
# CORPUS is e.g. py-large of ../shared/corpora/corpora.sh; FILE is relative
# to it. Needs hyperfine, /usr/bin/time, python3, and ruff on PATH (or RUFF).
# Prints the medians of hyperfine's runs and the peak RSS of each
# command. FILE is restored at the end.
set -euo pipefail
corpus=$(cd "${1:?usage: scripts/bench-incremental.sh CORPUS FILE [RUNS]}" && pwd)
file=${2:?usage: scripts/bench-incremental.sh CORPUS FILE [RUNS]}
runs=${3:-9}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
ruff=${RUFF:-ruff}
work=$(mktemp -d)
cp "$corpus/$file" "$work/original"
trap 'cp "$work/original" "$corpus/$file"; rm -rf "$work"' EXIT
cat >"$work/toggle.py" <<'PY'
import sys
path, original, kind = sys.argv[1], sys.argv[2], sys.argv[3]
state = path + ".bench-state"
text = open(original).read()
flip = open("/tmp/.connlint-bench-flip", "a+")
flip.seek(0)
n = len(flip.read())
flip.write("x")
flip.close()
if kind == "comment":
    text += f"\n# connlint benchmark edit {n % 2}\n"
elif kind == "function":
    text += f"\n\ndef _connlint_benchmark_helper_{n % 2}(value):\n    return value\n"
open(path, "w").write(text)
PY
rm -f /tmp/.connlint-bench-flip
connlint="$bin check $corpus --exit-zero -q"
ruffc="$ruff check --select SIM115 --exit-zero -q $corpus"
# Warm both caches.
$connlint >/dev/null 2>&1 || true
$ruffc >/dev/null 2>&1 || true
$connlint >/dev/null 2>&1 || true
prep() { echo "python3 $work/toggle.py $corpus/$file $work/original $1"; }
# hyperfine -N runs --prepare without a shell too: the command is split on spaces.
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/warm.json" \
    -n "connlint warm" "$connlint" -n "ruff warm" "$ruffc" >/dev/null
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/edit.json" \
    --prepare "$(prep comment)" -n "connlint, comment edited" "$connlint" \
    --prepare "$(prep comment)" -n "ruff, comment edited" "$ruffc" \
    --prepare "$(prep function)" -n "connlint, function added" "$connlint" \
    --prepare "$(prep function)" -n "ruff, function added" "$ruffc" >/dev/null
python3 - "$work/warm.json" "$work/edit.json" <<'PY'
import json, statistics, sys
rows = [r for f in sys.argv[1:] for r in json.load(open(f))["results"]]
print("| command | median | min | max |")
print("|---|---|---|---|")
for r in rows:
    t = r["times"]
    print(f"| {r['command']} | {statistics.median(t) * 1000:.0f} ms | {min(t) * 1000:.0f} ms | {max(t) * 1000:.0f} ms |")
PY
cp "$work/original" "$corpus/$file"
$connlint >/dev/null 2>&1 || true
for c in "$connlint" "$ruffc"; do
    /usr/bin/time -f "%M" -o "$work/rss" $c >/dev/null 2>&1 || true
    echo "peak RSS, warm: $(( $(tail -1 "$work/rss") / 1024 )) MB: $c"
done
