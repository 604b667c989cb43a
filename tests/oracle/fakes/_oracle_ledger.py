"""The oracle's ledger: what the fake drivers opened, which operations the code
under test made, and the one fault to inject.

Every fake driver module imports `LEDGER` from here. A run goes through three
phases:

- "setup": importing the module under test, running its initialisers, building
  arguments. Operations are neither recorded nor faulted; what is opened here
  belongs to the harness or to the caller (a `conn` argument) and is never a
  leak.
- "call": the function under test runs. Each operation a driver performs on
  behalf of the user code is recorded as (name, ordinal) and the armed fault
  fires at its point. What is opened here and still open at the end is a leak,
  unless it was handed back to the caller in the return value.
- "consume": the harness plays the caller (fetching from a returned cursor).
  Nothing is recorded or faulted.

Release operations (close, putconn, release, closeall, dispose, rollback
inside `__exit__`) never go through `op()`: a fault is a call that uses or
acquires a connection.
"""

import linecache
import os
import re
import sys

FAKES_DIR = os.path.dirname(os.path.abspath(__file__))


class OracleFault:
    """Marker mixin of every fake driver's `InjectedFault` class."""


def dbapi_errors(module, **error_attrs):
    """PEP 249's exception classes for one fake driver, its own classes
    (`psycopg2.Error` is not `sqlite3.Error`), in the PEP's order: Warning,
    Error, InterfaceError, DatabaseError, DataError, OperationalError,
    IntegrityError, InternalError, ProgrammingError, NotSupportedError.
    `error_attrs` are the driver's own attributes of `Error` (`pgcode`)."""

    def make(name, base, attrs=None):
        return type(name, (base,), {"__module__": module, **(attrs or {})})

    warning = make("Warning", Exception)
    error = make("Error", Exception, error_attrs)
    interface = make("InterfaceError", error)
    database = make("DatabaseError", error)
    rest = [
        make(n, database)
        for n in (
            "DataError",
            "OperationalError",
            "IntegrityError",
            "InternalError",
            "ProgrammingError",
            "NotSupportedError",
        )
    ]
    return (warning, error, interface, database, *rest)


class Resource:
    """One connection opened directly, or one pool slot taken."""

    def __init__(self, kind, driver, frames, phase):
        self.kind = kind  # "connection", "pool slot", "session"
        self.driver = driver
        self.frames = frames  # [(file, line, function)], innermost first
        self.phase = phase
        self.open = True
        self.handed_over = False
        self.pool_owned = False

    def close(self):
        self.open = False


class Ledger:
    def __init__(self):
        self.roots = []
        self.reset()

    def reset(self):
        self.resources = []
        self.ops = []
        self.counts = {}
        self.fault = None
        self.fired = None
        self.phase = "setup"
        self.notes = []
        self.effects = []

    def committed(self, statements):
        """Writes that reached the database for good (a commit, or autocommit)."""
        if self.phase == "call":
            self.effects.extend(statements)

    # -- where in the user code ------------------------------------------
    def is_user(self, filename):
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        if path.startswith(FAKES_DIR + os.sep):
            return False
        return any(path == r or path.startswith(r + os.sep) for r in self.roots)

    def user_frames(self, limit=8):
        out = []
        f = sys._getframe(1)
        while f is not None and len(out) < limit:
            fn = f.f_code.co_filename
            if self.is_user(fn):
                out.append((os.path.abspath(fn), f.f_lineno, f.f_code.co_name))
            f = f.f_back
        return out

    # -- operations and the fault ----------------------------------------
    def op(self, name, fault_class):
        """Records one operation of the code under test; raises the armed fault."""
        if self.phase != "call":
            return
        n = self.counts.get(name, 0) + 1
        self.counts[name] = n
        self.ops.append((name, n))
        if self.fault is not None and self.fired is None and self.fault == (name, n):
            self.fired = {"op": name, "n": n, "frames": self.user_frames()}
            raise fault_class(f"oracle: injected fault at {name} #{n}")

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    # -- resources ---------------------------------------------------------
    def open(self, kind, driver):
        r = Resource(kind, driver, self.user_frames(), self.phase)
        self.resources.append(r)
        return r

    def leaks(self):
        return [
            r
            for r in self.resources
            if r.open and r.phase == "call" and not r.handed_over and not r.pool_owned
        ]


LEDGER = Ledger()


def line_text(filename, lineno):
    return linecache.getline(filename, lineno).strip()


# -- result shapes ------------------------------------------------------------
# Every query returns one row of 1s, one 1 per selected column, so that before
# and after see the same data.

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sql_text(query):
    """The SQL text of what was passed to execute(): a str, a composed object, or a stub."""
    if isinstance(query, bytes):
        return query.decode("utf-8", "replace")
    if isinstance(query, str):
        return query
    text = getattr(query, "_oracle_sql", None)
    if isinstance(text, str):
        return text
    return "SELECT 1"


def _strip_comments(sql):
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    return sql


def _top_level_split(text, sep=","):
    parts, depth, cur, quote = [], 0, [], None
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _top_level_keyword(text, keyword, start=0):
    """Index of KEYWORD at parenthesis depth 0 in TEXT, from START, or -1."""
    depth, quote, i, n = 0, None, start, len(text)
    kw = keyword.upper()
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and text[i : i + len(kw)].upper() == kw:
            before = text[i - 1] if i > 0 else " "
            after = text[i + len(kw)] if i + len(kw) < n else " "
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return i
        i += 1
    return -1


def _column_name(item):
    m = re.search(r"\bAS\s+\"?([A-Za-z_][A-Za-z0-9_]*)\"?\s*$", item, re.I)
    if m:
        return m.group(1)
    if re.fullmatch(r"[A-Za-z_\"][A-Za-z0-9_.\"]*", item):
        return item.split(".")[-1].strip('"')
    if item.strip() == "*" or item.endswith(".*"):
        return "id"
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", item)
    if m:
        return m.group(1).lower()
    m = re.search(r"\s([A-Za-z_][A-Za-z0-9_]*)\s*$", item)
    if m:
        return m.group(1)
    return "?column?"


def shape(query):
    """(statement kind, column names or None when the statement returns no rows)."""
    sql = _strip_comments(sql_text(query)).strip().lstrip("(").strip()
    m = _WORD.match(sql)
    kind = m.group(0).upper() if m else ""
    ret = _top_level_keyword(sql, "RETURNING")
    if ret >= 0:
        items = _top_level_split(sql[ret + len("RETURNING") :].strip().rstrip(";"))
        return kind, [_column_name(i) for i in items] or ["?column?"]
    if kind in ("SELECT", "WITH"):
        sel = _top_level_keyword(sql, "SELECT")
        if sel < 0:
            return kind, ["?column?"]
        body = sql[sel + len("SELECT") :]
        end = len(body)
        for kw in ("FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION", "HAVING", "INTO"):
            k = _top_level_keyword(body, kw)
            if k >= 0:
                end = min(end, k)
        cols = body[:end].strip().rstrip(";")
        cols = re.sub(r"^(DISTINCT\s+ON\s*\([^)]*\)|DISTINCT|ALL)\s+", "", cols, flags=re.I)
        items = _top_level_split(cols)
        return "SELECT", [_column_name(i) for i in items] or ["?column?"]
    if kind == "SHOW":
        rest = sql[4:].strip().rstrip(";").split()
        return kind, [rest[0] if rest else "?column?"]
    if kind == "VALUES":
        first = re.search(r"\(([^)]*)\)", sql)
        n = len(_top_level_split(first.group(1))) if first else 1
        return kind, [f"column{i + 1}" for i in range(n)]
    if kind == "PRAGMA":
        return kind, None if "=" in sql else ["?column?"]
    if kind in ("EXPLAIN", "TABLE"):
        return kind, ["?column?"]
    return kind, None


def write_of(query):
    """The normalised text of QUERY when it writes (not a plain read), else None."""
    kind, cols = shape(query)
    if kind in ("SELECT", "SHOW", "VALUES", "EXPLAIN", "TABLE", "") or (kind == "PRAGMA" and cols is not None):
        return None
    text = " ".join(sql_text(query).split())
    return text if len(text) <= 160 else text[:157] + "..."


class Pending:
    """A connection's uncommitted writes."""

    def __init__(self):
        self.items = []

    def add(self, statement, autocommit=False):
        if statement is None:
            return
        if autocommit:
            LEDGER.committed([statement])
        else:
            self.items.append(statement)

    def commit(self):
        LEDGER.committed(self.items)
        self.items = []

    def discard(self):
        self.items = []


def status_for(kind):
    """asyncpg-style command status."""
    if kind == "INSERT":
        return "INSERT 0 1"
    if kind in ("UPDATE", "DELETE", "SELECT", "MOVE", "FETCH", "COPY"):
        return f"{kind} 1"
    return kind or "OK"


def stub_fallback(module_name, name):
    """A module-level __getattr__ for the fakes: what a fake does not model is a stub."""
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    import _oracle_stub

    LEDGER.note(f"{module_name}.{name} is not modelled by the fake (a stub stands in)")
    return _oracle_stub.child(f"{module_name}.{name}", name)
