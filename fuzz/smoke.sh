#!/usr/bin/env bash
# A short fuzz run of every target, for CI: fuzz/smoke.sh SECONDS
#
# Builds the four targets (cargo-fuzz; with the nightly toolchain when one is
# installed, else with RUSTC_BOOTSTRAP=1 on the stable one, which is what a
# fresh CI machine has), then runs each for SECONDS from the committed seeds,
# corpus and past crashes. New inputs go to a temporary directory, so the
# committed corpus is left as it is. A fixed libFuzzer seed makes a failure
# replay exactly (FUZZ_SEED=N picks another); long campaigns are run.sh's job.
#
# Exits non-zero on the first crash, timeout (> 2 s) or out-of-memory, after
# printing the input (libFuzzer prints it in base64) and where it was saved.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
seed="${FUZZ_SEED:-1}"
cd "$here"

toolchain=""
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain="+nightly"
else
    export RUSTC_BOOTSTRAP=1
fi
cargo $toolchain fuzz build -O -s none

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in python rust config fixtures; do
    case "$target" in
        python) dict=dict/python.dict ;;
        rust) dict=dict/rust.dict ;;
        config) dict=dict/toml.dict ;;
        fixtures) dict=dict/python.dict ;;
    esac
    mkdir -p "$scratch/$target/new" "$scratch/$target/artifacts"
    inputs=("corpus/$target" "seeds/$target" "regressions/$target")
    # The python and rust targets start from the fixtures, as in run.sh.
    if [ "$target" = python ] || [ "$target" = rust ]; then
        ext=py; [ "$target" = rust ] && ext=rs
        mkdir -p "$scratch/$target/fixtures"
        find ../fixtures -name "*.$ext" | while read -r f; do
            cp "$f" "$scratch/$target/fixtures/$(echo "${f#../fixtures/}" | tr / _)"
        done
        inputs+=("$scratch/$target/fixtures")
    fi
    existing=()
    for d in "${inputs[@]}"; do
        [ -d "$d" ] && existing+=("$d")
    done
    echo "== fuzz smoke: $target, ${seconds} s"
    if ! "target/x86_64-unknown-linux-gnu/release/$target" \
        -seed="$seed" -artifact_prefix="$scratch/$target/artifacts/" -dict="$dict" \
        -max_len=65536 -timeout=2 -rss_limit_mb=2048 \
        -max_total_time="$seconds" -print_final_stats=1 \
        "$scratch/$target/new" "${existing[@]}" > "$scratch/$target/log" 2>&1; then
        tail -n 60 "$scratch/$target/log"
        for a in "$scratch/$target/artifacts"/*; do
            [ -e "$a" ] || continue
            echo "input that failed ($(basename "$a")), base64:"
            base64 -w0 "$a"; echo
        done
        echo "fuzz smoke: $target failed (replay: save the input above and run" \
            "fuzz/target/x86_64-unknown-linux-gnu/release/$target FILE)" >&2
        exit 1
    fi
    grep -E '^stat::number_of_executed_units|^Done ' "$scratch/$target/log" || true
done
