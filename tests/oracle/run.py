#!/usr/bin/env python3
"""Runtime oracle for connlint's fixes.

    python3 tests/oracle/run.py --before DIR_OR_FILE --after DIR_OR_FILE [--module dotted.name] [--json]
                                [--unsafe-fix]

Imports the module under test from the before tree and from the after tree
(each in its own interpreter), with fake drivers (tests/oracle/fakes/)
shadowing psycopg2, psycopg, psycopg_pool, asyncpg, sqlite3, sqlalchemy and
pg8000, and stub modules standing in for what else is not installed. Every
top-level function and every method of a top-level class runs with arguments
built from the parameter names, first with no fault, then once per fault
point: each (operation, ordinal) that either version performed in its
no-fault run raises the driver's `InjectedFault` in turn.

It checks that
1. the after version leaves no connection open and no pool slot taken on any
   path (a leak that the before version had at the same point, opened by the
   same unchanged line, is reported as pre-existing, not as a violation);
2. the after version returns the same (normalised) value and raises the same
   exception type as the before version: always with no fault, and at a fault
   point when the fault fired in both versions and the before version leaked
   nothing there. A returned cursor or result is consumed as the caller
   would (fetchall()), so a fix that closes the connection under it shows;
3. under the same conditions, the same writes are committed (the fakes
   track each connection's pending writes through commit, rollback, close,
   `with` blocks and pools). `--unsafe-fix` skips this one: an unsafe fix
   may commit where the original did not.

Exit status: 0 all checks hold, 1 a violation, 2 a harness error.
Functions that cannot be run are counted and reported as skipped, with why.
"""

import argparse
import ast
import contextlib
import datetime
import decimal
import importlib
import importlib.util
import inspect
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
import types
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
FAKES = os.path.join(HERE, "fakes")
DSN = "postgresql://oracle@localhost:5432/oracle"
FAKE_TOPS = ("psycopg2", "psycopg", "psycopg_pool", "asyncpg", "sqlite3", "sqlalchemy", "pg8000")
FAKE_MODULES = (
    "psycopg2", "psycopg2.pool", "psycopg2.extras", "psycopg2.extensions", "psycopg2.errors", "psycopg2.sql",
    "psycopg", "psycopg.rows", "psycopg.errors", "psycopg.sql", "psycopg.pq", "psycopg_pool",
    "asyncpg", "asyncpg.pool", "asyncpg.exceptions", "asyncpg.connection",
    "sqlite3", "sqlalchemy", "sqlalchemy.orm", "sqlalchemy.exc", "sqlalchemy.pool", "sqlalchemy.engine",
    "sqlalchemy.ext", "sqlalchemy.ext.asyncio", "pg8000", "pg8000.dbapi", "pg8000.native",
)
IMPORT = "<module import>"
CALL_TIMEOUT = 5.0
MAX_FAULTS = 200
WORKER_TIMEOUT = 600


class HarnessError(Exception):
    pass


# =============================================================================
# The worker: one interpreter, one version of the tree.
# =============================================================================


class OracleTimeout(BaseException):
    pass


class Yielded:
    """What a generator function produced, each item normalised while it was suspended."""

    def __init__(self, items):
        self.items = items


class Entered:
    """A context manager the function returned, entered and left; what `as` bound, normalised."""

    def __init__(self, value):
        self.value = value


_ENV_DEFAULTS = (
    (("URL", "DSN", "URI", "CONNINFO", "CONNECTION_STRING"), DSN),
    (("PORT",), "5432"),
    (("SIZE", "MAX", "MIN", "TIMEOUT", "COUNT", "LIMIT", "WORKERS", "RETRIES"), "5"),
    (("PATH", "FILE", "DIR"), ":memory:"),
)


def _env_default(key):
    for words, value in _ENV_DEFAULTS:
        if any(w in key.upper() for w in words):
            return value
    return "oracle"


def _sandbox():
    """No sleeping, no network, no child processes: the code under test runs
    against fakes only."""
    import asyncio
    import socket
    import time

    time.sleep = lambda *a, **k: None
    real_sleep = asyncio.sleep

    async def no_sleep(delay=0, result=None):
        return await real_sleep(0, result)

    asyncio.sleep = no_sleep

    def no_network(*a, **k):
        raise OSError("oracle: no network in the oracle's sandbox")

    socket.socket.connect = no_network
    socket.socket.connect_ex = no_network
    socket.create_connection = no_network
    socket.getaddrinfo = no_network

    class NoPopen:
        def __init__(self, *a, **k):
            raise OSError("oracle: no child processes in the oracle's sandbox")

    subprocess.Popen = NoPopen
    os.system = lambda cmd: 127

    class Env(type(os.environ)):
        def __getitem__(self, key):
            try:
                return super().__getitem__(key)
            except KeyError:
                return _env_default(key)

    os.environ.__class__ = Env


def _install_fakes(root):
    sys.dont_write_bytecode = True
    sys.path[:] = [FAKES, root] + [p for p in sys.path if os.path.abspath(p or ".") != HERE]
    for name in FAKE_MODULES:
        sys.modules.pop(name, None)
    for name in FAKE_MODULES:
        mod = importlib.import_module(name)
        origin = os.path.abspath(getattr(mod, "__file__", "") or "")
        if not origin.startswith(FAKES + os.sep):
            raise HarnessError(f"{name} resolved to {origin}, not to the fake")
    import _oracle_ledger
    import _oracle_stub

    ledger = _oracle_ledger.LEDGER
    ledger.roots = [os.path.abspath(root)]
    tops = set()
    for entry in os.listdir(root):
        if entry.endswith(".py"):
            tops.add(entry[:-3].split(".")[0])
        elif os.path.isdir(os.path.join(root, entry)):
            tops.add(entry)
    finder = _oracle_stub.StubFinder(ledger.is_user, lambda: tops)
    sys.meta_path.append(finder)
    return ledger, finder


class Worker:
    def __init__(self, job):
        self.job = job
        self.root = os.path.abspath(job["root"])
        self.module = job["module"]
        self.file = os.path.abspath(job["file"])
        self.ledger, self.finder = _install_fakes(self.root)
        import _oracle_stub

        self.stubmod = _oracle_stub
        with open(self.file, "rb") as f:
            source = f.read()
        self.tree = ast.parse(source, filename=self.file)
        self.targets = self._targets()
        self.scratch = tempfile.mkdtemp(prefix="oracle-cwd-")
        self._keep = []

    # -- what to run ------------------------------------------------------
    def _targets(self):
        # First the import itself: an after version that no longer imports is
        # caught even in a module without functions.
        out = [{"name": IMPORT, "kind": "import", "skip": None}]
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append({"name": node.name, "kind": "function", "skip": None})
            elif isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
                names = {m.name for m in methods}
                for m in methods:
                    q = f"{node.name}.{m.name}"
                    if m.name == "__init__":
                        out.append({"name": q, "kind": "init", "skip": None})
                    elif m.name in ("__enter__", "__exit__", "__aenter__", "__aexit__"):
                        continue
                    elif m.name.startswith("__") and m.name.endswith("__"):
                        out.append({"name": q, "kind": "method", "skip": f"dunder method {m.name} is not run"})
                    else:
                        out.append({"name": q, "kind": "method", "skip": None})
                if names & {"__enter__", "__exit__"}:
                    out.append({"name": f"{node.name}.__enter__/__exit__", "kind": "with", "skip": None})
                if names & {"__aenter__", "__aexit__"}:
                    out.append({"name": f"{node.name}.__aenter__/__aexit__", "kind": "async with", "skip": None})
        return out

    @staticmethod
    def _initialisers(tree):
        """Functions that set a module global to something built (`global pool;
        pool = await asyncpg.create_pool(...)`): run before each function, as an
        application's startup would."""
        out = []
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            declared = set()
            assigned = False
            for sub in ast.walk(node):
                if isinstance(sub, ast.Global):
                    declared.update(sub.names)
            if not declared:
                continue
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                    targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                    value = sub.value
                    if value is None or (isinstance(value, ast.Constant) and value.value is None):
                        continue
                    if any(isinstance(t, ast.Name) and t.id in declared for t in targets):
                        assigned = True
            if assigned:
                out.append(node.name)
        return out

    # -- one run ----------------------------------------------------------
    def _purge(self):
        for name, mod in list(sys.modules.items()):
            if mod is None:
                continue
            f = getattr(mod, "__file__", None)
            if (f and self.ledger.is_user(f)) or getattr(mod, "__oracle_stub__", False):
                del sys.modules[name]
        sys.modules.pop(self.module, None)

    def _import(self):
        if self.job.get("file_mode"):
            spec = importlib.util.spec_from_file_location(self.module, self.file)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[self.module] = mod
            spec.loader.exec_module(mod)
            return mod
        return importlib.import_module(self.module)

    def _drivers(self, mod):
        order = []

        def add(v):
            top = None
            if isinstance(v, types.ModuleType):
                top = v.__name__.split(".")[0]
            elif inspect.isclass(v) or inspect.isfunction(v):
                m = getattr(v, "__module__", None)
                top = m.split(".")[0] if isinstance(m, str) else None
            if top in FAKE_TOPS and top not in order:
                order.append(top)

        for v in list(vars(mod).values()):
            add(v)
        for name, m in list(sys.modules.items()):
            f = getattr(m, "__file__", None) if m is not None else None
            if f and self.ledger.is_user(f) and m is not mod:
                for v in list(vars(m).values()):
                    add(v)
        return order

    @staticmethod
    def _order(drivers, is_async, capable):
        """DRIVERS ranked for an argument: the module's own, async-capable ones first for `async def`."""
        if is_async:
            return [d for d in drivers if d in capable] + [d for d in drivers if d not in capable]
        return [d for d in drivers if d != "asyncpg"]

    def _make_conn(self, drivers, is_async):
        order = self._order(drivers, is_async, ("asyncpg", "psycopg", "psycopg_pool"))
        d = (order or ["asyncpg" if is_async else "psycopg2"])[0]
        if d == "asyncpg":
            import asyncpg

            return asyncpg.Connection(DSN)
        if d in ("psycopg", "psycopg_pool"):
            import psycopg

            return psycopg.AsyncConnection(DSN) if is_async else psycopg.Connection(DSN)
        if d == "sqlite3":
            import sqlite3

            return sqlite3.connect(":memory:")
        if d == "pg8000":
            import pg8000

            return pg8000.connect(user="oracle")
        if d == "sqlalchemy":
            import sqlalchemy

            return sqlalchemy.create_engine(DSN).connect()
        import psycopg2

        return psycopg2.connect(DSN)

    def _make_pool(self, drivers, is_async, loop):
        order = [d for d in self._order(drivers, is_async, ("asyncpg", "psycopg_pool", "psycopg"))
                 if d in ("asyncpg", "psycopg_pool", "psycopg", "psycopg2", "sqlalchemy")]
        d = (order or ["asyncpg" if is_async else "psycopg2"])[0]
        if d == "asyncpg":
            import asyncpg

            pool = asyncpg.create_pool(DSN, min_size=1, max_size=10)
            loop.run_until_complete(pool._async__init__())
            return pool
        if d in ("psycopg_pool", "psycopg"):
            import psycopg_pool

            cls = psycopg_pool.AsyncConnectionPool if is_async else psycopg_pool.ConnectionPool
            return cls(DSN, min_size=1, max_size=10, open=True)
        if d == "sqlalchemy":
            import sqlalchemy

            return sqlalchemy.create_engine(DSN)
        import psycopg2.pool

        return psycopg2.pool.ThreadedConnectionPool(1, 10, DSN)

    def _from_annotation(self, ann, mod, loop):
        if isinstance(ann, str):
            try:
                ann = eval(ann, vars(mod))  # noqa: S307 - the module's own annotation
            except Exception:
                return None
        for arg in getattr(ann, "__args__", ()) or ():
            if arg is not type(None):
                v = self._from_annotation(arg, mod, loop)
                if v is not None:
                    return v
        if not inspect.isclass(ann):
            return None
        simple = {int: 1, str: "x", float: 1.0, bool: False, bytes: b"x", list: [], dict: {}, set: set(), tuple: ()}
        if ann in simple:
            v = simple[ann]
            return type(v)(v) if isinstance(v, (list, dict, set)) else v
        top = (getattr(ann, "__module__", "") or "").split(".")[0]
        if top not in FAKE_TOPS:
            return None
        name = ann.__name__
        if "Pool" in name or name == "Engine":
            if top == "asyncpg":
                return self._make_pool(["asyncpg"], True, loop)
            if top == "psycopg_pool":
                return self._make_pool(["psycopg_pool"], name.startswith("Async"), loop)
            if top == "psycopg2":
                return self._make_pool(["psycopg2"], False, loop)
            if top == "sqlalchemy":
                return self._make_pool(["sqlalchemy"], False, loop)
        if name in ("Connection", "connection", "AsyncConnection"):
            return self._make_conn([top], top == "asyncpg" or name == "AsyncConnection")
        if name == "Session":
            import sqlalchemy
            import sqlalchemy.orm

            return sqlalchemy.orm.Session(bind=sqlalchemy.create_engine(DSN))
        return None

    _DSN_NAMES = {"dsn", "url", "uri", "conninfo", "database_url", "db_url", "db_uri", "database_uri",
                  "connection_string", "conn_string", "conn_str", "dburl", "connstr", "db_dsn"}
    _PATH_NAMES = {"path", "db_path", "filename", "file_name", "database", "db_file", "dbfile", "db_name",
                   "dbname", "sqlite_path", "file", "fname"}
    _SQL_NAMES = {"sql", "query", "statement", "stmt", "q", "ddl", "script"}
    _CONN_NAMES = {"conn", "connection", "con", "cnx", "cn", "dbconn", "db_conn", "connexion", "c"}
    _POOL_NAMES = {"pool", "connection_pool", "db_pool", "conn_pool", "pg_pool"}
    _INT_NAMES = {"n", "count", "limit", "offset", "batches", "batch_size", "size", "days", "hours", "minutes",
                  "seconds", "retries", "attempts", "times", "page", "page_size", "timeout", "max_rows",
                  "chunk_size", "num", "number", "id", "pk", "port", "year", "month", "amount", "total",
                  "quantity", "qty", "version", "level", "depth", "age", "interval", "delay", "workers"}

    _STR_NAMES = {"key", "value", "name", "email", "title", "body", "text", "message", "msg", "kind", "action",
                  "target", "status", "state", "label", "slug", "username", "user", "password", "token", "day",
                  "date", "locale", "sku", "code", "tag", "channel", "topic", "event", "note", "comment", "content",
                  "description", "reason", "source", "url_path", "prefix", "suffix", "pattern", "term", "search"}

    def _value(self, name, ann, mod, drivers, is_async, loop):
        if ann is not inspect.Parameter.empty:
            v = self._from_annotation(ann, mod, loop)
            if v is not None:
                return v
        n = name.lower()
        if n in self._DSN_NAMES or n.endswith(("_dsn", "_url", "_uri", "_conninfo")):
            return DSN
        if n in self._SQL_NAMES or n.endswith("_sql"):
            return "SELECT 1"
        if n in self._CONN_NAMES or n == "db" or n.endswith(("_conn", "_connection")):
            return self._make_conn(drivers, is_async)
        if n in self._PATH_NAMES or n.endswith(("_path", "_file")):
            return ":memory:"
        if n in ("cur", "cursor", "curs"):
            conn = self._make_conn([d for d in drivers if d != "asyncpg"], False)
            return conn.cursor()
        if n in self._POOL_NAMES or n.endswith("_pool"):
            return self._make_pool(drivers, is_async, loop)
        if n == "engine" or n.endswith("_engine"):
            return self._make_pool(["sqlalchemy"], False, loop)
        if n in ("session", "db_session", "sess"):
            import sqlalchemy
            import sqlalchemy.orm

            return sqlalchemy.orm.Session(bind=sqlalchemy.create_engine(DSN))
        if n in self._INT_NAMES or n.startswith("num_") or n.endswith(("_id", "_count", "_size", "_days")):
            return 1
        if n in self._STR_NAMES:
            return "x"
        if n.endswith("s") and len(n) > 2:
            single = n[:-3] + "y" if n.endswith("ies") else n[:-1]
            if single in self._DSN_NAMES or single in self._PATH_NAMES or single in self._SQL_NAMES:
                return [self._value(single, inspect.Parameter.empty, mod, drivers, is_async, loop)]
            if single.endswith("_id") or single == "id":
                return [1]
            if n in ("rows", "items", "records", "values", "entries", "lines", "batch", "payloads"):
                return [1]
        return self.stubmod.Stub(f"arg:{name}")

    def _arguments(self, fn, mod, drivers, loop, skip_first=False):
        sig = inspect.signature(fn)
        is_async = inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn)
        args, kwargs = [], {}
        params = list(sig.parameters.values())
        if skip_first and params:
            params = params[1:]
        for p in params:
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            if p.default is not p.empty:
                continue
            v = self._value(p.name, p.annotation, mod, drivers, is_async, loop)
            if p.kind == p.KEYWORD_ONLY:
                kwargs[p.name] = v
            else:
                args.append(v)
        return args, kwargs

    def _settle_init(self, result, loop):
        if inspect.iscoroutine(result):
            return loop.run_until_complete(result)
        if inspect.isasyncgen(result):
            self._keep.append(result)
            return loop.run_until_complete(result.__anext__())
        if inspect.isgenerator(result):
            self._keep.append(result)
            return next(result)
        return result

    def _run_initialisers(self, mod, target_name, loop):
        """The project's own startup: dependencies' initialisers, then the module's."""
        mods = []
        for name, m in list(sys.modules.items()):
            f = getattr(m, "__file__", None) if m is not None else None
            if f and self.ledger.is_user(f) and m is not mod:
                mods.append(m)
        mods.append(mod)
        drivers = self._drivers(mod)
        for m in mods:
            try:
                with open(m.__file__, "rb") as fh:
                    tree = ast.parse(fh.read())
            except Exception:
                continue
            for name in self._initialisers(tree):
                if m is mod and name == target_name:
                    continue
                fn = getattr(m, name, None)
                if not callable(fn):
                    continue
                try:
                    args, kwargs = self._arguments(fn, m, drivers, loop)
                    self._settle_init(fn(*args, **kwargs), loop)
                except (Exception, SystemExit) as e:
                    self.ledger.note(f"initialiser {m.__name__}.{name} failed: {type(e).__name__}: {e}")

    def _settle(self, result, loop):
        """Awaits a coroutine, exhausts a generator, enters a context manager
        built by @contextmanager: what calling the function means."""
        if inspect.iscoroutine(result):
            return self._settle(loop.run_until_complete(result), loop)
        if inspect.isgenerator(result):
            items = []
            for item in result:
                items.append(self._consume_inside(item))
            return Yielded(items)
        if inspect.isasyncgen(result):
            async def collect():
                out = []
                async for item in result:
                    out.append(self._consume_inside(item))
                return out

            return Yielded(loop.run_until_complete(collect()))
        if isinstance(result, contextlib._GeneratorContextManager):
            with result as value:
                inner = self._consume_inside(value)
            return Entered(inner)
        if isinstance(result, contextlib._AsyncGeneratorContextManager):
            async def enter():
                async with result as value:
                    return self._consume_inside(value)

            return Entered(loop.run_until_complete(enter()))
        return result

    def _consume_inside(self, value):
        saved = self.ledger.phase
        self.ledger.phase = "consume"
        try:
            return self.norm(value)
        finally:
            self.ledger.phase = saved

    # -- what came back -----------------------------------------------------
    def norm(self, v, depth=0):
        if depth > 6:
            return "..."
        t = type(v)
        if isinstance(v, (Yielded,)):
            return "yielded [" + ", ".join(v.items) + "]"
        if isinstance(v, Entered):
            return f"entered as {v.value}"
        if v is None or t in (bool, int, float, complex, str, bytes, decimal.Decimal):
            return repr(v)
        if self.stubmod.is_stub(v):
            return repr(v)
        fn = getattr(t, "_oracle_norm", None)
        if fn is not None:
            try:
                return v._oracle_norm(lambda x: self.norm(x, depth + 1))
            except Exception as e:
                return f"<{t.__qualname__}: normalising raised {type(e).__name__}>"
        if isinstance(v, BaseException):
            return f"<exception {t.__module__}.{t.__qualname__}>"
        if isinstance(v, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta, uuid.UUID)):
            return f"<{t.__name__}>"
        if isinstance(v, (int, float, str, bytes)):
            return repr(v)
        if isinstance(v, dict):
            items = sorted((self.norm(k, depth + 1), self.norm(x, depth + 1)) for k, x in list(v.items())[:200])
            return "{" + ", ".join(f"{k}: {x}" for k, x in items) + "}"
        if isinstance(v, (list, tuple)):
            inner = ", ".join(self.norm(x, depth + 1) for x in list(v)[:200])
            if t is list:
                return f"[{inner}]"
            if t is tuple:
                return f"({inner},)" if len(v) == 1 else f"({inner})"
            return f"{t.__name__}({inner})"
        if isinstance(v, (set, frozenset)):
            return "{" + ", ".join(sorted(self.norm(x, depth + 1) for x in v)) + "}"
        if inspect.isfunction(v) or inspect.ismethod(v) or inspect.isbuiltin(v):
            return f"<function {getattr(v, '__qualname__', '?')}>"
        if inspect.isclass(v):
            return f"<class {v.__qualname__}>"
        if inspect.ismodule(v):
            return f"<module {v.__name__}>"
        if inspect.iscoroutine(v):
            v.close()
            return "<coroutine>"
        if inspect.isgenerator(v) or inspect.isasyncgen(v):
            return f"<{t.__name__}>"
        if _safe_hasattr(v, "status_code") and callable(getattr(v, "get_data", None)):
            try:
                return f"<response {v.status_code} {v.get_data()!r}>"
            except Exception:
                return f"<response {v.status_code}>"
        try:
            d = getattr(v, "__dict__", None)
        except Exception:
            d = None
        if isinstance(d, dict):
            public = {k: x for k, x in d.items() if not k.startswith("_")}
            return f"<{t.__qualname__} {self.norm(public, depth + 1)}>"
        return f"<{t.__qualname__}>"

    def _hand_over(self, v, seen, depth=0):
        """Marks what the caller (or the module, or the instance) now holds:
        connections reachable from it are not leaks of the call."""
        if depth > 4 or id(v) in seen:
            return
        seen.add(id(v))
        t = type(v)
        res = getattr(t, "_oracle_resources", None)
        if res is not None:
            for r in v._oracle_resources():
                r.handed_over = True
            return
        top = (getattr(t, "__module__", "") or "").split(".")[0]
        if top in FAKE_TOPS or top.startswith("_oracle"):
            if isinstance(v, self.stubmod.Stub):
                for x in list(object.__getattribute__(v, "_oracle_attrs").values()):
                    self._hand_over(x, seen, depth + 1)
            return
        if isinstance(v, (str, bytes, int, float, bool, type(None))):
            return
        if isinstance(v, (list, tuple, set, frozenset)):
            for x in list(v):
                self._hand_over(x, seen, depth + 1)
        elif isinstance(v, dict):
            for x in list(v.values()):
                self._hand_over(x, seen, depth + 1)
        elif isinstance(v, (types.ModuleType, types.FunctionType, type)):
            return
        else:
            try:
                d = getattr(v, "__dict__", None)  # a proxy (flask's `g`) may raise here
            except Exception:
                return
            if isinstance(d, dict):
                for x in list(d.values()):
                    self._hand_over(x, seen, depth + 1)

    # -- the run of one target at one fault point -----------------------------
    def run(self, target, fault):
        import asyncio
        import random

        self._purge()
        self.ledger.reset()
        self._keep = []
        random.seed(0)
        cwd = tempfile.mkdtemp(dir=self.scratch)
        os.chdir(cwd)
        # Path-like arguments are ":memory:": an empty file of that name lets a
        # function that reads its input file first (a migration, a CSV import)
        # go on to its database code.
        open(os.path.join(cwd, ":memory:"), "w").close()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        out_buf = io.StringIO()
        record = {"outcome": None}
        try:
            with contextlib.redirect_stdout(out_buf), contextlib.redirect_stderr(out_buf):
                record = self._run(target, fault, loop)
        except HarnessError as e:
            record = {"outcome": "harness", "error": str(e)}
        except Exception as e:  # the harness itself failed
            record = {"outcome": "harness", "error": "".join(traceback.format_exception(type(e), e, e.__traceback__))[-2000:]}
        finally:
            self.ledger.phase = "consume"
            try:
                for task in asyncio.all_tasks(loop):
                    task.cancel()
                loop.run_until_complete(loop.shutdown_asyncgens())
            except BaseException:
                pass
            loop.close()
            asyncio.set_event_loop(None)
            os.chdir(self.scratch)
        record["notes"] = list(self.ledger.notes)
        return record

    def _run(self, target, fault, loop):
        ledger = self.ledger
        try:
            mod = self._import()
        except (Exception, SystemExit) as e:
            return {"outcome": "import-error", "error": f"{type(e).__name__}: {str(e).strip()}"}
        name = target["name"]
        kind = target["kind"]
        if kind == "import":
            ledger.phase = "consume"
            return {"outcome": "return", "value": "<imported>", "ops": [], "effects": [], "fired": False,
                    "leaks": []}
        self._run_initialisers(mod, name, loop)
        drivers = self._drivers(mod)
        request_ctx = self._flask_context(mod)
        instance = None
        call = None
        try:
            if kind == "function":
                fn = vars(mod).get(name)
                if fn is None:
                    return {"outcome": "skip", "error": f"{name} is not defined after import"}
                if not callable(fn):
                    return {"outcome": "skip", "error": f"{name} is a {type(fn).__name__} after import, not callable"}
                args, kwargs = self._arguments(fn, mod, drivers, loop)

                def call():
                    return fn(*args, **kwargs)
            else:
                cls_name, meth = name.split(".", 1)
                cls = vars(mod).get(cls_name)
                if not inspect.isclass(cls):
                    return {"outcome": "skip", "error": f"{cls_name} is not a class after import"}
                cargs, ckwargs = self._arguments(cls, mod, drivers, loop)
                if kind == "init":
                    def call():
                        return cls(*cargs, **ckwargs)
                else:
                    raw = inspect.getattr_static(cls, meth, None) if kind == "method" else None
                    if kind == "method" and isinstance(raw, staticmethod):
                        fn = raw.__func__
                        args, kwargs = self._arguments(fn, mod, drivers, loop)
                    elif kind == "method" and isinstance(raw, classmethod):
                        fn = getattr(cls, meth)
                        args, kwargs = self._arguments(fn, mod, drivers, loop)
                    else:
                        try:
                            instance = cls(*cargs, **ckwargs)
                        except (Exception, SystemExit) as e:
                            return {"outcome": "skip",
                                    "error": f"could not instantiate {cls_name}: {type(e).__name__}: {e}"}
                        if kind == "method" and isinstance(raw, property):
                            fn = None
                            args, kwargs = [], {}
                        elif kind == "method":
                            fn = getattr(instance, meth)
                            args, kwargs = self._arguments(fn, mod, drivers, loop)
                    if kind == "method":
                        if fn is None:
                            def call():
                                return getattr(instance, meth)
                        else:
                            def call():
                                return fn(*args, **kwargs)
                    elif kind == "with":
                        def call():
                            with instance as value:
                                inner = self._consume_inside(value)
                            return Entered(inner)
                    else:
                        async def awith():
                            async with instance as value:
                                return self._consume_inside(value)

                        def call():
                            return Entered(loop.run_until_complete(awith()))
        except HarnessError:
            raise
        except (Exception, SystemExit) as e:
            return {"outcome": "skip", "error": f"could not build the arguments: {type(e).__name__}: {e}"}

        # The call.
        ledger.fault = tuple(fault) if fault else None
        ledger.phase = "call"
        outcome, value, exc = None, None, None
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, CALL_TIMEOUT)
        try:
            with request_ctx:
                value = self._settle(call(), loop)
            outcome = "return"
        except OracleTimeout:
            outcome = "timeout"
        except BaseException as e:  # what the user code raised, KeyboardInterrupt aside
            if isinstance(e, KeyboardInterrupt):
                raise
            outcome, exc = "raise", e
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            ledger.phase = "consume"

        record = {"outcome": outcome, "ops": [list(o) for o in ledger.ops]}
        if outcome == "return":
            if not isinstance(value, (Yielded, Entered)):
                self._hand_over(value, set())
            record["value"] = self.norm(value)
        elif outcome == "raise":
            t = type(exc)
            record["exc"] = f"{t.__module__}.{t.__qualname__}"
            record["exc_msg"] = str(exc)[:300]
            record["exc_where"] = _exc_where(exc, ledger)
        # What the module or the instance holds on to is not leaked by the call.
        seen = set()
        if instance is not None:
            self._hand_over(instance, seen)
        for k, v in list(vars(mod).items()):
            if not k.startswith("__"):
                self._hand_over(v, seen)
        record["effects"] = list(ledger.effects)
        record["fired"] = ledger.fired is not None
        if ledger.fired:
            record["fired_at"] = _frames_json(ledger.fired["frames"])
        record["leaks"] = [
            {"kind": r.kind, "driver": r.driver, "frames": _frames_json(r.frames)} for r in ledger.leaks()
        ]
        return record

    def _flask_context(self, mod):
        flask = sys.modules.get("flask")
        if flask is None or getattr(flask, "__oracle_stub__", False) or not hasattr(flask, "Flask"):
            return contextlib.nullcontext()
        uses = any(getattr(type(v), "__module__", "").startswith(("flask", "werkzeug")) or v is flask
                   for v in list(vars(mod).values()))
        if not uses:
            return contextlib.nullcontext()
        app = next((v for v in vars(mod).values() if isinstance(v, flask.Flask)), None)
        if app is None:
            app = flask.Flask("oracle_app")
        return app.test_request_context("/")


def _safe_hasattr(v, name):
    try:
        return hasattr(v, name)
    except Exception:
        return False


def _on_alarm(signum, frame):
    raise OracleTimeout()


def _frames_json(frames):
    import _oracle_ledger

    return [
        {"file": f, "line": line, "func": func, "text": _oracle_ledger.line_text(f, line)} for f, line, func in frames
    ]


def _exc_where(exc, ledger):
    tb = exc.__traceback__
    last = None
    while tb is not None:
        if ledger.is_user(tb.tb_frame.f_code.co_filename):
            last = (tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return _frames_json([last]) if last else []


def worker_main(jobfile, outfile):
    with open(jobfile) as f:
        job = json.load(f)
    os.environ.setdefault("DATABASE_URL", DSN)
    sys.argv = [job["file"], DSN, DSN, DSN]
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    _sandbox()
    result = {"targets": {}, "stubbed": [], "error": None}
    w = None
    try:
        w = Worker(job)
        faults = job.get("faults")
        for target in w.targets:
            name = target["name"]
            entry = {"kind": target["kind"], "skip": target["skip"], "runs": {}}
            result["targets"][name] = entry
            if target["skip"]:
                continue
            if faults is None:
                entry["runs"]["-"] = w.run(target, None)
            else:
                for op, n in faults.get(name, []):
                    entry["runs"][f"{op}#{n}"] = w.run(target, (op, n))
        result["stubbed"] = sorted(set(w.finder.stubbed))
    except Exception as e:
        result["error"] = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-3000:]
    with open(outfile, "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    if w is not None:
        os.chdir(os.path.dirname(w.scratch))
        shutil.rmtree(w.scratch, ignore_errors=True)
    os._exit(0)  # threads the code under test started do not keep us here


# =============================================================================
# The parent: resolve the trees, run the workers, compare.
# =============================================================================


def _module_name(rel):
    parts = rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _scan(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for fn in sorted(filenames):
            if fn.endswith(".py") and not fn.endswith(".fixed.py"):
                rel = os.path.relpath(os.path.join(dirpath, fn), root)
                out[_module_name(rel)] = os.path.join(dirpath, fn)
    return out


def _file_module_name(path):
    stem = os.path.basename(path)[:-3] if path.endswith(".py") else os.path.basename(path)
    for suffix in (".fixed", ".before", ".after"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"\W", "_", stem)
    return stem if stem and not stem[0].isdigit() else f"m_{stem}"


def resolve(before, after, module):
    """[(module, before_root, before_file, after_root, after_file, file_mode)]."""
    before, after = os.path.abspath(before), os.path.abspath(after)
    if os.path.isfile(before) and os.path.isfile(after):
        name = module or _file_module_name(before)
        return [(name, os.path.dirname(before), before, os.path.dirname(after), after, True)]
    if os.path.isdir(before) and os.path.isdir(after):
        mb, ma = _scan(before), _scan(after)
        if module:
            if module not in mb and module not in ma:
                raise HarnessError(f"module {module} is in neither tree")
            names = [module]
        else:
            names = []
            for name in sorted(set(mb) | set(ma)):
                fb, fa = mb.get(name), ma.get(name)
                if fb is None or fa is None or open(fb, "rb").read() != open(fa, "rb").read():
                    names.append(name)
            if not names:
                names = sorted(mb)
        return [(n, before, mb.get(n), after, ma.get(n), False) for n in names]
    raise HarnessError("--before and --after must both be files or both be directories that exist")


def _run_workers(jobs):
    tmp = tempfile.mkdtemp(prefix="oracle-")
    try:
        return _run_workers_in(jobs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run_workers_in(jobs, tmp):
    procs = []
    for i, job in enumerate(jobs):
        jf = os.path.join(tmp, f"job{i}.json")
        of = os.path.join(tmp, f"out{i}.json")
        with open(jf, "w") as f:
            json.dump(job, f)
        env = dict(os.environ)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONHASHSEED"] = "0"
        env.pop("PYTHONPATH", None)
        p = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", jf, of],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp,
        )
        procs.append((p, of, job))
    outs = []
    try:
        for p, of, job in procs:
            outs.append(_collect(p, of, job))
    finally:
        for p, _, _ in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return outs


def _collect(p, of, job):
    try:
        _, stderr = p.communicate(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        raise HarnessError(f"worker for {job['file']} did not finish in {WORKER_TIMEOUT}s") from None
    if not os.path.exists(of):
        raise HarnessError(
            f"worker for {job['file']} died (exit {p.returncode}):\n{stderr.decode(errors='replace')[-3000:]}")
    with open(of) as f:
        out = json.load(f)
    if out.get("error"):
        raise HarnessError(f"worker for {job['file']} failed:\n{out['error']}")
    return out


def _fault_label(key):
    if key == "-":
        return "no fault"
    op, n = key.rsplit("#", 1)
    return f"fault at {op} #{n}"


def _where(frames, root):
    if not frames:
        return "?"
    f = frames[0]
    return f"{os.path.relpath(f['file'], root)}:{f['line']}"


def _leak_key(leak):
    frames = leak["frames"]
    inner = frames[0]["text"] if frames else ""
    outer = frames[-1]["func"] if frames else ""
    return (leak["kind"], leak["driver"], inner, outer)


def _describe(rec):
    if rec["outcome"] == "return":
        v = rec["value"]
        return f"returned {v if len(v) <= 160 else v[:157] + '...'}"
    if rec["outcome"] == "raise":
        msg = rec.get("exc_msg", "")
        return f"raised {rec['exc']}" + (f": {msg[:120]}" if msg else "")
    return rec["outcome"]


def _same(rb, ra):
    if rb["outcome"] != ra["outcome"]:
        return False
    if rb["outcome"] == "return":
        return rb["value"] == ra["value"]
    if rb["outcome"] == "raise":
        return rb["exc"] == ra["exc"]
    return True


def _leak_text(leaks, root, file_label):
    groups = {}
    for leak in leaks:
        k = (leak["kind"], leak["driver"], _where(leak["frames"], root), leak["frames"][0]["text"] if leak["frames"] else "")
        groups.setdefault(k, []).append(leak)
    parts = []
    for (kind, driver, where, text), items in groups.items():
        n = len(items)
        verb, state = ("taken", "taken") if kind == "pool slot" else ("opened", "open")
        frames = items[0]["frames"]
        loc = where
        if frames and os.path.relpath(frames[0]["file"], root) == file_label:
            loc = f"line {frames[0]['line']}"
        via = ""
        if len(frames) > 1 and frames[-1]["file"] != frames[0]["file"]:
            via = f" via {_where(frames[-1:], root)} ({frames[-1]['func']})"
        parts.append(f"{n} {driver} {kind}{'s' if n > 1 else ''} {verb} at {loc} (`{text}`){via} still {state}")
    return "; ".join(parts)


def _effects(rec):
    e = rec.get("effects") or []
    return "nothing" if not e else "[" + "; ".join(e)[:300] + "]"


def check_module(entry, unsafe_fix=False):
    name, broot, bfile, aroot, afile, file_mode = entry
    res = {"module": name, "before": bfile, "after": afile, "functions": [], "violations": [], "skips": [],
           "notes": [], "harness": []}
    label = os.path.relpath(afile or bfile, aroot if afile else broot)
    if bfile is None or afile is None:
        res["skips"].append({"function": "*", "reason": f"module only in the {'after' if bfile is None else 'before'} tree"})
        return res
    jobs = [{"root": broot, "module": name, "file": bfile, "file_mode": file_mode, "faults": None},
            {"root": aroot, "module": name, "file": afile, "file_mode": file_mode, "faults": None}]
    ob, oa = _run_workers(jobs)
    # Fault points: the union of what either version did with no fault.
    faults = {}
    for q in ob["targets"]:
        if q not in oa["targets"]:
            continue
        points = set()
        for out in (ob, oa):
            run = out["targets"][q]["runs"].get("-")
            if run and run.get("outcome") in ("return", "raise"):
                points.update(tuple(o) for o in run.get("ops", []))
        faults[q] = sorted(points, key=lambda p: (p[0], p[1]))[:MAX_FAULTS]
        if len(points) > MAX_FAULTS:
            res["notes"].append(f"{q}: {len(points)} fault points, only the first {MAX_FAULTS} injected")
    if any(faults.values()):
        jobs2 = [dict(jobs[0], faults=faults), dict(jobs[1], faults=faults)]
        fb, fa = _run_workers(jobs2)
        for out, extra in ((ob, fb), (oa, fa)):
            for q, t in extra["targets"].items():
                if q in out["targets"]:
                    out["targets"][q]["runs"].update(t["runs"])
    stubbed = sorted(set(ob.get("stubbed", [])) | set(oa.get("stubbed", [])))
    if stubbed:
        res["notes"].append("stub modules: " + ", ".join(stubbed))
    names = list(ob["targets"]) + [q for q in oa["targets"] if q not in ob["targets"]]
    for q in names:
        tb, ta = ob["targets"].get(q), oa["targets"].get(q)
        row = {"function": q, "faults": len(faults.get(q, [])), "status": "ok", "before": "", "after": "",
               "pre_existing_leaks": 0}
        res["functions"].append(row)
        if tb is None or ta is None:
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": f"only in the {'after' if tb is None else 'before'} version"})
            continue
        reason = tb["skip"] or ta["skip"]
        if reason:
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": reason})
            continue
        b0, a0 = tb["runs"]["-"], ta["runs"]["-"]
        for rec in (b0, a0):
            for note in rec.get("notes", []):
                if note not in res["notes"]:
                    res["notes"].append(note)
        if "harness" in (b0["outcome"], a0["outcome"]):
            row["status"] = "harness error"
            res["harness"].append(f"{q}: {b0.get('error') or a0.get('error')}")
            continue
        if b0["outcome"] == "import-error" and a0["outcome"] == "import-error":
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": f"import failed in both versions: {a0['error']}"})
            continue
        if a0["outcome"] == "import-error":
            row["status"] = "VIOLATION"
            res["violations"].append(f"{label}: {q}: the after version does not import: {a0['error']}")
            continue
        if b0["outcome"] == "import-error":
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": f"the before version does not import: {b0['error']}"})
            continue
        if "skip" in (b0["outcome"], a0["outcome"]):
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": b0.get("error") if b0["outcome"] == "skip" else a0.get("error")})
            continue
        row["before"] = _describe(b0) + (f" + {len(b0['leaks'])} leaked" if b0["leaks"] else "")
        row["after"] = _describe(a0) + (f" + {len(a0['leaks'])} leaked" if a0["leaks"] else "")
        keys = ["-"] + [f"{op}#{n}" for op, n in faults.get(q, [])]
        timed_out = False
        for key in keys:
            rb, ra = tb["runs"].get(key), ta["runs"].get(key)
            if rb is None or ra is None:
                continue
            if "timeout" in (rb["outcome"], ra["outcome"]):
                timed_out = True
                break
            if "harness" in (rb["outcome"], ra["outcome"]):
                row["status"] = "harness error"
                res["harness"].append(f"{q} ({_fault_label(key)}): {rb.get('error') or ra.get('error')}")
                continue
            if ra["outcome"] in ("import-error", "skip") or rb["outcome"] in ("import-error", "skip"):
                continue
            where = ""
            if key != "-" and ra.get("fired_at"):
                fr = ra["fired_at"][0]
                where = f" (line {fr['line']}: `{fr['text']}`)" if os.path.relpath(fr["file"], aroot) == label else \
                    f" ({_where(ra['fired_at'], aroot)}: `{fr['text']}`)"
            elif key != "-" and not ra.get("fired"):
                where = " (not reached by the after version)"
            # 1. The after version leaks nothing, beyond what the before version
            #    leaked from the same unchanged line at the same point.
            before_keys = [_leak_key(x) for x in rb["leaks"]]
            new = []
            for leak in ra["leaks"]:
                k = _leak_key(leak)
                if k in before_keys:
                    before_keys.remove(k)
                else:
                    new.append(leak)
            if ra["leaks"] and len(new) < len(ra["leaks"]):
                row["pre_existing_leaks"] += 1
            if new:
                row["status"] = "VIOLATION"
                res["violations"].append(f"{label}: {q}: {_fault_label(key)}{where}: {_leak_text(new, aroot, label)}")
            # 2. Same value, same exception type.
            compare = key == "-" or (rb.get("fired") and ra.get("fired") and not rb["leaks"])
            if compare and not _same(rb, ra):
                row["status"] = "VIOLATION"
                res["violations"].append(
                    f"{label}: {q}: {_fault_label(key)}{where}: behaviour changed: before {_describe(rb)}, "
                    f"after {_describe(ra)}")
            # 3. The same writes committed (an unsafe fix may change that).
            elif compare and not unsafe_fix and rb.get("effects", []) != ra.get("effects", []):
                row["status"] = "VIOLATION"
                res["violations"].append(
                    f"{label}: {q}: {_fault_label(key)}{where}: committed writes changed: before committed "
                    f"{_effects(rb)}, after committed {_effects(ra)}")
        if timed_out:
            row["status"] = "skipped"
            res["skips"].append({"function": q, "reason": f"timed out after {CALL_TIMEOUT:.0f}s"})
    return res


def render(results, before, after):
    lines = [f"connlint fix oracle: before={before} after={after}"]
    checked = skipped = 0
    violations, skips, harness, notes, counted = [], [], [], [], []
    for r in results:
        lines.append(f"module {r['module']} ({os.path.basename(r['after'] or r['before'] or '?')})")
        if r["functions"]:
            w = max(len(f["function"]) for f in r["functions"])
            lines.append(f"  {'function'.ljust(w)}  faults  status         before (no fault) | after (no fault)")
            for f in r["functions"]:
                pre = (f" [leaks also in before, same line, at {f['pre_existing_leaks']} fault point(s)]"
                       if f["pre_existing_leaks"] else "")
                lines.append(f"  {f['function'].ljust(w)}  {str(f['faults']).rjust(6)}  {f['status'].ljust(13)}  "
                             f"{f['before']} | {f['after']}{pre}")
        for f in r["functions"]:
            if f["function"] == IMPORT:
                continue
            if f["status"] == "skipped":
                skipped += 1
            elif f["status"] != "harness error":
                checked += 1
        if any(s["function"] == "*" for s in r["skips"]):
            skipped += 1
        violations += r["violations"]
        skips += [f"{r['module']}.{s['function']}: {s['reason']}" for s in r["skips"]]
        counted += [s["reason"] for s in r["skips"] if s["function"] != IMPORT]
        harness += [f"{r['module']}: {h}" for h in r["harness"]]
        notes += [f"{r['module']}: {n}" for n in r["notes"]]
    if notes:
        lines.append("notes:")
        lines += [f"  {n}" for n in notes]
    if skips:
        lines.append("skipped:")
        lines += [f"  {s}" for s in skips]
    if harness:
        lines.append("harness errors:")
        lines += [f"  {h}" for h in harness]
    if violations:
        lines.append("violations:")
        lines += [f"  {v}" for v in violations]
    reasons = sorted(set(counted))
    summary = f"{checked} functions checked, {skipped} skipped"
    if reasons:
        summary += " (" + "; ".join(r[:100] for r in reasons[:6]) + ("; ..." if len(reasons) > 6 else "") + ")"
    summary += f"; {len(violations)} violation{'s' if len(violations) != 1 else ''}"
    if harness:
        summary += f"; {len(harness)} harness error{'s' if len(harness) != 1 else ''}"
    lines.append(summary)
    data = {"before": before, "after": after, "checked": checked, "skipped": skipped, "skips": skips,
            "violations": violations, "harness_errors": harness, "notes": notes, "modules": results,
            "summary": summary}
    return "\n".join(lines), data, (2 if harness else 1 if violations else 0)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        worker_main(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True, help="the original file or project directory")
    ap.add_argument("--after", required=True, help="the fixed file or project directory")
    ap.add_argument("--module", help="dotted name of the module to check (default: every changed module)")
    ap.add_argument("--json", action="store_true", help="print a JSON report instead of the table")
    ap.add_argument("--unsafe-fix", action="store_true",
                    help="the after version comes from an unsafe fix, which may change what is committed "
                         "(`with pool.connection()` commits): committed writes are not compared")
    args = ap.parse_args(argv)
    try:
        entries = resolve(args.before, args.after, args.module)
        results = [check_module(e, args.unsafe_fix) for e in entries]
    except HarnessError as e:
        print(f"oracle: harness error: {e}", file=sys.stderr)
        return 2
    text, data, code = render(results, args.before, args.after)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
