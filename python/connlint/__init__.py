"""connlint: finds database-connection misuse in Python and Rust code.

The wheel ships the `connlint` binary (built from the Rust crate) as a script,
the way ruff does. This package only finds that binary, so that
`python -m connlint` works wherever `connlint` does.
"""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_connlint_bin"]


def _user_scheme() -> str:
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        return "osx_framework_user"
    return "posix_user"


def find_connlint_bin() -> str:
    """Returns the path of the `connlint` binary installed with this package.

    It looks where pip puts scripts: the environment's scripts directory,
    the user scheme's (`pip install --user`), and the `bin` directory next to
    the package (`pip install --target`).
    """
    exe = "connlint" + (sysconfig.get_config_var("EXE") or "")
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates = [
        sysconfig.get_path("scripts"),
        sysconfig.get_path("scripts", scheme=_user_scheme()),
        os.path.join(package_parent, "bin"),
    ]
    for directory in candidates:
        if not directory:
            continue
        path = os.path.join(directory, exe)
        if os.path.isfile(path):
            return path
    searched = ", ".join(d for d in candidates if d)
    raise FileNotFoundError(
        f"the connlint binary was not found (looked in {searched}); "
        "reinstall the wheel with `pip install --force-reinstall connlint`"
    )
