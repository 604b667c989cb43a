#!/usr/bin/env bash
# Determinism: the same output bytes whatever the thread count and run.
#   scripts/determinism.sh RUNS DIR...
# For each DIR, runs `connlint check DIR` RUNS times with each of --jobs 1, 2
# and 8 (no cache, JSON and SARIF and concise output) and compares the
# checksums of every run with the first. Prints one line per DIR and format;
# exits 1 at the first difference, and keeps both outputs for a diff.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:?usage: $0 RUNS DIR...}"; shift
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null 2>&1
bin="$here/target/release/connlint"
work="$(mktemp -d)"
status=0
for dir in "$@"; do
    for format in concise json sarif; do
        first=""
        n=0
        for ((i = 0; i < runs; i++)); do
            for jobs in 1 2 8; do
                out="$work/out.$format"
                (cd "$dir" && "$bin" check . --no-cache --exit-zero --jobs "$jobs" \
                    --output-format "$format" >"$out" 2>"$out.err") || true
                sum="$(cat "$out" "$out.err" | md5sum | cut -d' ' -f1)"
                n=$((n + 1))
                if [ -z "$first" ]; then
                    first="$sum"
                    cp "$out" "$work/first.$format"
                elif [ "$sum" != "$first" ]; then
                    echo "DIFFERENT: $dir $format run $i --jobs $jobs ($work/first.$format vs $out)"
                    exit 1
                fi
            done
        done
        echo "$dir $format: $n runs (--jobs 1, 2, 8), identical, md5 $first, $(wc -c <"$work/first.$format") bytes"
    done
done
rm -rf "$work"
exit $status
