"""Checks the catalog's claims about drivers against the installed drivers.

Run by tests/catalog_claims.rs with a virtualenv holding pinned drivers:

    python tests/catalog_claims.py rules/catalog/python.toml

For every `[[resource]]`, `[[acquire]]` and `[[pool]]` entry whose package is
installed it checks what can be checked without a database server:

- `with = "closes"` / `"transaction"`: the type is a context manager
  (`__enter__`/`__exit__`, or `__aenter__`/`__aexit__` for `async = true`);
  `with = "none"`: it is neither;
- `release` methods and `closed` predicates exist on the type;
- `with-form` of an acquisition: `call` is not a coroutine function (its
  result must itself be a context manager), `awaited` and `none` are, and
  `awaited` gives a type with `__aenter__`;
- `with-commits`: the type's `__exit__` commits;
- pool `acquire`/`release`/`guarded` methods exist on the pool class;
- sqlite3 and aiosqlite at run time: `with sqlite3.connect()` leaves the
  connection open (a transaction), `async with aiosqlite.connect()` closes.

Prints one line per check and exits 1 if any claim is wrong, or if a driver
that must be checked (asyncpg, psycopg2, psycopg, sqlite3) was not: never a
silent pass.
"""

import asyncio
import importlib
import inspect
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

REQUIRED = {"asyncpg", "psycopg2", "psycopg", "sqlite3"}

failures = []
checked_roots = set()
count = 0


def check(ok, what):
    global count
    count += 1
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def resolve(dotted):
    """The object named by a dotted path, or None when its package is missing."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for p in parts[i:]:
                obj = getattr(obj, p)
        except AttributeError:
            return None
        return obj
    return None


def installed(dotted):
    root = dotted.split(".")[0]
    try:
        importlib.import_module(root)
    except ImportError:
        return False
    return True


def has(obj, name):
    return getattr(obj, name, None) is not None


def main(path):
    with open(path, "rb") as f:
        cat = tomllib.load(f)
    resources = {}
    for r in cat.get("resource", []):
        ty = r["type"]
        resources[ty] = r
        if not installed(ty):
            continue
        cls = resolve(ty)
        check(cls is not None, f"{ty}: the type exists")
        if cls is None:
            continue
        checked_roots.add(ty.split(".")[0])
        is_async = r.get("async", False)
        with_ = r.get("with", "closes")
        enter, exit_ = ("__aenter__", "__aexit__") if is_async else ("__enter__", "__exit__")
        if with_ in ("closes", "transaction"):
            check(has(cls, enter) and has(cls, exit_), f"{ty}: with = {with_!r} needs {enter}/{exit_}")
        else:
            check(
                not has(cls, "__aenter__") and not has(cls, "__enter__"),
                f"{ty}: with = 'none': no __enter__/__aenter__",
            )
        for m in r.get("release", []):
            check(callable(getattr(cls, m, None)), f"{ty}: release method {m}() exists")
        for c in r.get("closed", []):
            name = c.removesuffix("()")
            check(hasattr(cls, name), f"{ty}: closed predicate {c} exists")
        if r.get("with-commits"):
            try:
                src = inspect.getsource(getattr(cls, exit_))
            except (OSError, TypeError):
                src = ""
            check("commit" in src, f"{ty}: with-commits: {exit_} commits")
    for a in cat.get("acquire", []):
        calls = a["call"]
        first = calls[0]
        if not installed(first):
            continue
        fn = resolve(first)
        if fn is None:
            continue
        form = a.get("with-form") or ("none" if a.get("async") else "call")
        coro = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__func__", None))
        res = resources.get(a["resource"], {})
        cls = resolve(a["resource"])
        if form == "call" and a.get("async"):
            check(not coro, f"{first}: with-form = 'call': not a coroutine function")
        elif form == "awaited":
            check(coro, f"{first}: with-form = 'awaited': a coroutine function")
            check(cls is not None and has(cls, "__aenter__"), f"{first}: with-form = 'awaited': {a['resource']} has __aenter__")
        elif form == "none" and a.get("async"):
            entered = cls is not None and has(cls, "__aenter__")
            check(coro and not entered, f"{first}: with-form = 'none': a coroutine function giving no async context manager")
        del res
    for p in cat.get("pool", []):
        first = p["class"][0]
        if not installed(first):
            continue
        cls = resolve(first)
        if cls is None or not inspect.isclass(cls):
            # a factory function (`create_engine`, `asyncpg.create_pool`): the class is elsewhere
            alt = [c for c in p["class"] if inspect.isclass(resolve(c) or 0)]
            cls = resolve(alt[0]) if alt else None
        if cls is None:
            continue
        checked_roots.add(first.split(".")[0])
        for m in p.get("acquire", []) + p.get("release", []) + p.get("guarded", []):
            check(callable(getattr(cls, m, None)), f"{first}: pool method {m}() exists on {cls.__name__}")
    run_time_checks()
    missing = REQUIRED - checked_roots
    check(not missing, f"drivers checked: {sorted(checked_roots)} (required {sorted(REQUIRED)})")
    print(f"{count} checks, {len(failures)} failed")
    return 1 if failures else 0


def run_time_checks():
    import sqlite3

    con = sqlite3.connect(":memory:")
    with con:
        con.execute("CREATE TABLE t (x)")
    try:
        con.execute("SELECT 1")
        still_open = True
    except sqlite3.ProgrammingError:
        still_open = False
    check(still_open, "sqlite3: `with con:` ends the transaction and leaves the connection open")
    con.close()
    cur = None
    from contextlib import closing

    with closing(sqlite3.connect(":memory:")) as con2:
        cur = con2.execute("SELECT 1")
    try:
        cur.fetchall()
        readable = True
    except sqlite3.ProgrammingError:
        readable = False
    check(not readable, "sqlite3: a cursor returned out of a closed connection cannot be read")
    try:
        import aiosqlite
    except ImportError:
        return

    async def aio():
        async with aiosqlite.connect(":memory:") as db:
            await db.execute("SELECT 1")
        try:
            await db.execute("SELECT 1")
            return False
        except ValueError:
            return True

    check(asyncio.run(aio()), "aiosqlite: `async with aiosqlite.connect()` closes the connection")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
