#!/usr/bin/env bash
# Shrinks fuzz/corpus/TARGET to the inputs that add coverage beyond the seeds:
#   fuzz/minimise.sh TARGET [BINARY]
#
# The seeds (the fixtures for python and rust, seeds/TARGET, regressions/TARGET)
# are replayed by tests/fuzz_replay.rs anyway, so a committed corpus input is
# worth keeping only for what they do not reach. libFuzzer's set-cover merge
# into a directory that already holds the seeds adds exactly those; the seeds
# are then taken out again. BINARY defaults to the target built by run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"
bin="${2:-$here/target/x86_64-unknown-linux-gnu/release/$target}"
cd "$here"
case "$target" in
    python) ext=py ;;
    rust) ext=rs ;;
    config | fixtures) ext="" ;;
    *) echo "unknown target: $target (python, rust, config, fixtures)" >&2; exit 2 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/min"
if [ -n "$ext" ]; then
    find ../fixtures -name "*.$ext" | while read -r f; do
        cp "$f" "$work/min/seed-$(echo "${f#../fixtures/}" | tr / _)"
    done
fi
for d in "seeds/$target" "regressions/$target"; do
    [ -d "$d" ] || continue
    for f in "$d"/*; do
        [ -f "$f" ] && cp "$f" "$work/min/seed-$(basename "$f")"
    done
done
before=$(find "corpus/$target" -type f | wc -l)
# Edges only (no hit counters, no value profile): a smaller, stabler corpus.
"$bin" -set_cover_merge=1 -use_counters=0 -use_value_profile=0 -timeout=5 \
    -rss_limit_mb=2048 "$work/min" "corpus/$target" > "$work/log" 2>&1 ||
    { tail -n 30 "$work/log"; exit 1; }
rm -f "corpus/$target"/*
find "$work/min" -type f ! -name 'seed-*' -exec cp {} "corpus/$target/" \;
after=$(find "corpus/$target" -type f | wc -l)
echo "$target: $before inputs -> $after beyond the seeds"
