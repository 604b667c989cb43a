"""Fake sqlite3: `with con:` commits or rolls back and does NOT close;
`con.execute()` returns a cursor; after `con.close()` the connection and its
cursors raise ProgrammingError("Cannot operate on a closed database.");
cursors are not context managers."""

from _oracle_ledger import LEDGER, OracleFault, Pending, dbapi_errors, stub_fallback, write_of
from _oracle_rows import result_for

__oracle_fake__ = True
DRIVER = "sqlite3"
version = "2.6.0"
sqlite_version = "3.45.0"
sqlite_version_info = (3, 45, 0)
version_info = (2, 6, 0)
apilevel = "2.0"
threadsafety = 1
paramstyle = "qmark"
PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2
SQLITE_OK = 0
SQLITE_DENY = 1
SQLITE_IGNORE = 2
LEGACY_TRANSACTION_CONTROL = -1


(
    Warning,  # noqa: A001 - the DB-API name
    Error,
    InterfaceError,
    DatabaseError,
    DataError,
    OperationalError,
    IntegrityError,
    InternalError,
    ProgrammingError,
    NotSupportedError,
) = dbapi_errors(__name__, sqlite_errorcode=None, sqlite_errorname=None)


class InjectedFault(OperationalError, OracleFault):
    """The oracle's fault: what a locked or unreadable database looks like."""


def _op(name):
    LEDGER.op(name, InjectedFault)


class Row:
    def __init__(self, cursor, values):
        self._names = [d[0] for d in (cursor.description or [])]
        self._values = tuple(values)

    def __getitem__(self, key):
        if isinstance(key, str):
            for n, v in zip(self._names, self._values):
                if n.lower() == key.lower():
                    return v
            raise IndexError("No item with that key")
        return self._values[key]

    def keys(self):
        return list(self._names)

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __eq__(self, other):
        return isinstance(other, Row) and self._names == other._names and self._values == other._values

    def __hash__(self):
        return hash(self._values)

    def _oracle_norm(self, norm):
        return f"<sqlite3.Row {norm(dict(zip(self._names, self._values)))}>"


class Cursor:
    def __init__(self, connection):
        self.connection = connection
        self._closed = False
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.arraysize = 1
        self.row_factory = connection.row_factory
        self._rows = []
        self._pos = 0

    def _check(self):
        if self.connection._closed:
            raise ProgrammingError("Cannot operate on a closed database.")
        if self._closed:
            raise ProgrammingError("Cannot operate on a closed cursor.")

    def _load(self, sql, many=1):
        kind, desc, rows, rowcount = result_for(sql, many)
        self.description = None if desc is None else tuple((d[0], None, None, None, None, None, None) for d in desc)
        self._rows = [] if rows is None else [self._make_row(r) for r in rows]
        self.rowcount = rowcount if rows is None else -1
        self.lastrowid = 1 if kind == "INSERT" else self.lastrowid
        self._pos = 0
        con = self.connection
        # Legacy transaction control: an implicit BEGIN before DML only; any
        # other statement commits by itself unless a transaction is open.
        if kind in ("INSERT", "UPDATE", "DELETE", "REPLACE") and con.isolation_level is not None:
            con._in_transaction = True
        con._pending.add(write_of(sql), autocommit=not con._in_transaction)

    def _make_row(self, values):
        f = self.row_factory
        return f(self, values) if f is not None else values

    def execute(self, sql, parameters=(), /):
        self._check()
        _op("execute")
        self._load(sql)
        return self

    def executemany(self, sql, seq_of_parameters, /):
        self._check()
        _op("executemany")
        self._load(sql, len(list(seq_of_parameters)))
        return self

    def executescript(self, sql_script, /):
        self._check()
        _op("executescript")
        self._rows = []
        self.connection._pending.commit()  # executescript() commits first
        self.connection._pending.add(" ".join(str(sql_script).split())[:160], autocommit=True)
        self.connection._in_transaction = False
        return self

    def fetchone(self):
        self._check()
        _op("fetchone")
        if self._pos < len(self._rows):
            self._pos += 1
            return self._rows[self._pos - 1]
        return None

    def fetchmany(self, size=None):
        self._check()
        _op("fetchmany")
        size = self.arraysize if size is None else size
        out = self._rows[self._pos : self._pos + size]
        self._pos += len(out)
        return out

    def fetchall(self):
        self._check()
        _op("fetchall")
        out = self._rows[self._pos :]
        self._pos = len(self._rows)
        return out

    def __iter__(self):
        return self

    def __next__(self):
        self._check()
        if self._pos == 0:
            _op("fetch")
        if self._pos < len(self._rows):
            self._pos += 1
            return self._rows[self._pos - 1]
        raise StopIteration

    def close(self):
        if self.connection._closed:
            raise ProgrammingError("Cannot operate on a closed database.")
        self._closed = True

    def setinputsizes(self, sizes, /):
        pass

    def setoutputsize(self, size, column=None, /):
        pass

    def _oracle_norm(self, norm):
        try:
            rows = self.fetchall()
        except Exception as e:  # what the caller would get
            return f"<sqlite3 cursor: fetchall() raised {type(e).__module__}.{type(e).__qualname__}>"
        return f"<sqlite3 cursor: rows {norm(rows)}>"


class Connection:
    def __init__(self, database, timeout=5.0, detect_types=0, isolation_level="DEFERRED",
                 check_same_thread=True, factory=None, cached_statements=128, uri=False, **kwargs):
        self.database = database
        self._closed = False
        self.row_factory = None
        self.text_factory = str
        self.isolation_level = isolation_level
        self._in_transaction = False
        self.total_changes = 0
        self.autocommit = kwargs.get("autocommit", LEGACY_TRANSACTION_CONTROL)
        self._pending = Pending()
        self._oracle_res = LEDGER.open("connection", DRIVER)

    @property
    def in_transaction(self):
        self._check()
        return self._in_transaction

    def _check(self):
        if self._closed:
            raise ProgrammingError("Cannot operate on a closed database.")

    def cursor(self, factory=Cursor):
        self._check()
        _op("cursor")
        return factory(self)

    def execute(self, sql, parameters=(), /):
        self._check()
        cur = Cursor(self)
        return cur.execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        self._check()
        return Cursor(self).executemany(sql, parameters)

    def executescript(self, sql_script, /):
        self._check()
        return Cursor(self).executescript(sql_script)

    def commit(self):
        self._check()
        _op("commit")
        self._in_transaction = False
        self._pending.commit()

    def rollback(self):
        self._check()
        _op("rollback")
        self._in_transaction = False
        self._pending.discard()

    def close(self):
        self._pending.discard()
        if not self._closed:
            self._closed = True
            self._oracle_res.close()

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, exc_type, exc, tb):
        # Commits on success, rolls back on an exception; never closes (the
        # sqlite3 docs: "the context manager neither implicitly opens a new
        # transaction nor closes the connection").
        self._check()
        self._in_transaction = False  # commit or rollback: never a fault point
        if exc_type is None:
            self._pending.commit()
        else:
            self._pending.discard()
        return False

    def create_function(self, name, narg, func, *, deterministic=False):
        self._check()

    def create_aggregate(self, name, n_arg, aggregate_class):
        self._check()

    def create_collation(self, name, callable, /):
        self._check()

    def set_trace_callback(self, trace_callback):
        self._check()

    def set_progress_handler(self, progress_handler, n):
        self._check()

    def set_authorizer(self, authorizer_callback):
        self._check()

    def interrupt(self):
        self._check()

    def iterdump(self):
        self._check()
        return iter(["BEGIN TRANSACTION;", "COMMIT;"])

    def backup(self, target, *, pages=-1, progress=None, name="main", sleep=0.25):
        self._check()
        _op("backup")

    def enable_load_extension(self, enabled, /):
        self._check()

    def _oracle_resources(self):
        return [self._oracle_res]

    def _oracle_norm(self, norm):
        return f"<sqlite3 connection {'closed' if self._closed else 'open'}>"


def connect(database, timeout=5.0, detect_types=0, isolation_level="DEFERRED", check_same_thread=True,
            factory=Connection, cached_statements=128, uri=False, **kwargs):
    _op("connect")
    return (factory or Connection)(database, timeout, detect_types, isolation_level, check_same_thread,
                                   None, cached_statements, uri, **kwargs)


def complete_statement(statement):
    return statement.strip().endswith(";")


def register_adapter(type, adapter, /):
    pass


def register_converter(typename, converter, /):
    pass


def enable_callback_tracebacks(flag, /):
    pass


Binary = memoryview


def __getattr__(name):
    return stub_fallback(__name__, name)
