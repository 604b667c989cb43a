#!/usr/bin/env bash
# A fuzz campaign: fuzz/run.sh TARGET SECONDS
#   TARGET: python | rust | config | fixtures    (see src/fuzzing.rs)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly compiler, or the
# stable one with RUSTC_BOOTSTRAP=1 (used when no nightly is installed).
# The corpus grows in fuzz/corpus/TARGET (seeded from the fixtures, fuzz/seeds
# and fuzz/regressions); crashes land in fuzz/artifacts/TARGET.
#
# Built without a sanitizer by default: the code under test is safe Rust plus
# tree-sitter's C parsers (fuzzed on their own by OSS-Fuzz), and it runs about
# ten times as many inputs per second as under AddressSanitizer. Set
# SANITIZER=address to hunt memory errors in the C code.
#
# FUZZ_BIN=DIR runs DIR/TARGET instead of building: copy the built targets
# there first to go on editing the sources during a long campaign (cargo fuzz
# run would rebuild on every change).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"; seconds="$2"
sanitizer="${SANITIZER:-none}"
cd "$here"
case "$target" in
    python) dict=dict/python.dict; ext=py ;;
    rust) dict=dict/rust.dict; ext=rs ;;
    config) dict=dict/toml.dict ;;
    fixtures) dict=dict/python.dict ;;
    *) echo "unknown target: $target (python, rust, config, fixtures)" >&2; exit 2 ;;
esac
mkdir -p "corpus/$target" "seeds/$target" "regressions/$target" "artifacts/$target"
if [ -n "${ext:-}" ]; then
    # The fixtures are the seeds (named by their path: many share a base name).
    find ../fixtures -name "*.$ext" | while read -r f; do
        cp "$f" "seeds/$target/$(echo "${f#../fixtures/}" | tr / _)"
    done
fi
if [ -n "${FUZZ_BIN:-}" ]; then
    bin="$FUZZ_BIN/$target"
else
    toolchain=""
    if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
        toolchain="+nightly"
    else
        export RUSTC_BOOTSTRAP=1
    fi
    cargo $toolchain fuzz build -O -s "$sanitizer" "$target"
    bin="target/x86_64-unknown-linux-gnu/release/$target"
fi
# -timeout: an input that takes more than 2 s is a failure (a hang).
exec "$bin" -artifact_prefix="artifacts/$target/" -dict="$dict" \
    -max_len=65536 -timeout=2 -rss_limit_mb=2048 \
    -max_total_time="$seconds" -print_final_stats=1 \
    "corpus/$target" "seeds/$target" "regressions/$target"
