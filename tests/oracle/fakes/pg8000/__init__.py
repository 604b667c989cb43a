"""Fake pg8000 (legacy/dbapi interface): `with pg8000.connect(...) as conn:`
closes the connection at the end of the block (CoreConnection.__exit__)."""

from _oracle_ledger import LEDGER, OracleFault, Pending, dbapi_errors, stub_fallback, write_of
from _oracle_rows import result_for

__oracle_fake__ = True
DRIVER = "pg8000"
apilevel = "2.0"
threadsafety = 1
paramstyle = "format"


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
) = dbapi_errors(__name__)


class InjectedFault(DatabaseError, OracleFault):
    pass


def _op(name):
    LEDGER.op(name, InjectedFault)


class Cursor:
    def __init__(self, connection):
        self.connection = connection
        self._closed = False
        self.description = None
        self.rowcount = -1
        self.arraysize = 1
        self._rows = None
        self._pos = 0

    def _check(self):
        if self.connection is None or self.connection._closed:
            raise InterfaceError("connection is closed")
        if self._closed:
            raise InterfaceError("Cursor closed")

    def execute(self, operation, args=(), stream=None):
        self._check()
        _op("execute")
        kind, desc, rows, rowcount = result_for(operation)
        self.connection._pending.add(write_of(operation), self.connection.autocommit)
        self.description = desc
        self._rows = rows
        self.rowcount = rowcount if rows is None else len(rows)
        self._pos = 0
        return self

    def executemany(self, operation, param_sets):
        self._check()
        _op("executemany")
        self.execute(operation)
        self._rows = None
        return self

    def _fetch_check(self):
        self._check()
        if self._rows is None:
            raise ProgrammingError("A query hasn't been issued.")

    def fetchone(self):
        self._check()
        _op("fetchone")
        self._fetch_check()
        if self._pos < len(self._rows):
            self._pos += 1
            return list(self._rows[self._pos - 1])
        return None

    def fetchmany(self, num=None):
        self._check()
        _op("fetchmany")
        self._fetch_check()
        num = self.arraysize if num is None else num
        out = [list(r) for r in self._rows[self._pos : self._pos + num]]
        self._pos += len(out)
        return out

    def fetchall(self):
        self._check()
        _op("fetchall")
        self._fetch_check()
        out = [list(r) for r in self._rows[self._pos :]]
        self._pos = len(self._rows)
        return out

    def __iter__(self):
        self._fetch_check()
        return iter([list(r) for r in self._rows])

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _oracle_norm(self, norm):
        try:
            rows = self.fetchall()
        except Exception as e:
            return f"<pg8000 cursor: fetchall() raised {type(e).__module__}.{type(e).__qualname__}>"
        return f"<pg8000 cursor: rows {norm(rows)}>"


class Connection:
    def __init__(self, user=None, host="localhost", database=None, port=5432, password=None, **kwargs):
        self.user = user
        self._closed = False
        self.autocommit = False
        self._pending = Pending()
        self._oracle_res = LEDGER.open("connection", DRIVER)

    def _check(self):
        if self._closed:
            raise InterfaceError("connection is closed")

    def cursor(self):
        self._check()
        _op("cursor")
        return Cursor(self)

    def run(self, sql, stream=None, **params):
        self._check()
        _op("run")
        kind, desc, rows, rowcount = result_for(sql)
        self._pending.add(write_of(sql), self.autocommit)
        return [list(r) for r in rows] if rows is not None else None

    def commit(self):
        self._check()
        _op("commit")
        self._pending.commit()

    def rollback(self):
        self._check()
        _op("rollback")
        self._pending.discard()

    def close(self):
        self._pending.discard()
        if not self._closed:
            self._closed = True
            self._oracle_res.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()

    def _oracle_resources(self):
        return [self._oracle_res]

    def _oracle_norm(self, norm):
        return f"<pg8000 connection {'closed' if self._closed else 'open'}>"


def connect(user=None, host="localhost", database=None, port=5432, password=None, **kwargs):
    _op("connect")
    return Connection(user, host, database, port, password, **kwargs)


from . import dbapi, native  # noqa: E402


def __getattr__(name):
    return stub_fallback(__name__, name)
