#!/usr/bin/env bash
# connlint side by side with its peers on the same corpus, same machine, one
# run: ruff (--select SIM115), semgrep (scripts/semgrep-connection-leak.yml),
# pylint (consider-using-with). The peers are installed from PyPI into a
# temporary virtualenv. Prints a Markdown table: median wall time, CPU time,
# peak RSS, lines per second, and the ratio to ruff.
#
#   scripts/bench.sh CORPORA_DIR [RUNS] [CORPUS]
#
# CORPUS defaults to py-large (made by ../shared/corpora/corpora.sh). Needs
# hyperfine (Debian package), python3 with venv, /usr/bin/time. connlint and
# ruff get RUNS timed runs (default 5) after a warm-up; semgrep and pylint,
# which take minutes, get one run each (PYLINT_TIMEOUT, default 1800 s).
set -euo pipefail
corpora=${1:?usage: scripts/bench.sh CORPORA_DIR [RUNS] [CORPUS]}
runs=${2:-5}
corpus="$corpora/${3:-py-large}"
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check ruff pylint semgrep
peers="$work/venv/bin"
lines=$(find "$corpus" -name '*.py' -print0 | xargs -0 cat | wc -l)
files=$(find "$corpus" -name '*.py' | wc -l)

declare -A cmd
cmd[connlint]="$bin check $corpus --jobs 2 --no-cache --exit-zero -q --output-format concise"
cmd[connlint-warm]="$bin check $corpus --jobs 2 --exit-zero -q --output-format concise"
cmd[ruff]="$peers/ruff check --no-cache --select SIM115 --exit-zero -q $corpus"
cmd[semgrep]="$peers/semgrep scan --metrics=off --disable-version-check -q --jobs 2 --config $here/scripts/semgrep-connection-leak.yml $corpus"
cmd[pylint]="timeout ${PYLINT_TIMEOUT:-1800} $peers/pylint --disable=all --enable=consider-using-with --jobs=2 --exit-zero -sn --recursive=y $corpus"

# Warm the cache of connlint-warm once; clean it at the end.
$bin check "$corpus" --jobs 2 --exit-zero -q --output-format concise >/dev/null || true
hyperfine -N --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/fast.json" \
    -n connlint "${cmd[connlint]}" -n connlint-warm "${cmd[connlint-warm]}" -n ruff "${cmd[ruff]}" >/dev/null
hyperfine -N --runs 1 --ignore-failure --export-json "$work/slow.json" \
    -n semgrep "${cmd[semgrep]}" -n pylint "${cmd[pylint]}" >/dev/null
for t in connlint connlint-warm ruff semgrep pylint; do
    /usr/bin/time -f "%M" -o "$work/$t.rss" ${cmd[$t]} >/dev/null 2>&1 || true
done
$bin clean "$corpus" >/dev/null 2>&1 || true
python3 - "$work" "$lines" "$files" <<'PY'
import json, statistics, sys, os
work, lines, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
res = {}
for f in ("fast.json", "slow.json"):
    for r in json.load(open(os.path.join(work, f)))["results"]:
        res[r["command"]] = r
ruff = statistics.median(res["ruff"]["times"])
print(f"{files} Python files, {lines} lines\n")
print("| tool | wall median | CPU (user+sys) | peak RSS | lines/s | ratio to ruff |")
print("|---|---|---|---|---|---|")
for t in ("connlint", "connlint-warm", "ruff", "semgrep", "pylint"):
    r = res[t]
    wall = statistics.median(r["times"])
    cpu = r["user"] + r["system"]
    rss = open(os.path.join(work, t + ".rss")).read().strip().splitlines()[-1]
    print(f"| {t} | {wall:.2f} s | {cpu:.2f} s | {int(rss) // 1024} MB | {lines / wall:,.0f} | {wall / ruff:.1f}x |")
PY
