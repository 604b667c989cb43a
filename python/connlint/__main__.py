"""`python -m connlint ARGS` runs the connlint binary with ARGS."""

from __future__ import annotations

import os
import sys

from connlint import find_connlint_bin


def _run() -> None:
    try:
        connlint = find_connlint_bin()
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    args = [connlint, *sys.argv[1:]]
    if sys.platform == "win32":
        import subprocess

        sys.exit(subprocess.run(args).returncode)
    os.execv(connlint, args)


if __name__ == "__main__":
    _run()
