"""Fake psycopg 3: `with psycopg.connect() as conn:` commits or rolls back and
then CLOSES (unless the connection belongs to a pool); `closed` is a bool;
`conn.execute()` returns a cursor whose results are already on the client.
`AsyncConnection.connect()` is an async classmethod: `async with` needs
`await` first, as in the real library."""

from _oracle_ledger import LEDGER, OracleFault, Pending, dbapi_errors, sql_text, stub_fallback, write_of
from _oracle_rows import result_for

__oracle_fake__ = True
__version__ = "3.2.0"
DRIVER = "psycopg"
apilevel = "2.0"
threadsafety = 2
paramstyle = "pyformat"


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
) = dbapi_errors(__name__, sqlstate=None, pgconn=None, pgresult=None, diag=None)


class InjectedFault(OperationalError, OracleFault):
    pass


def _op(name):
    LEDGER.op(name, InjectedFault)


class _CursorBase:
    def __init__(self, connection, row_factory=None):
        self._conn = connection
        self.row_factory = row_factory or connection.row_factory
        self._closed = False
        self.description = None
        self.rowcount = -1
        self.rownumber = None
        self.statusmessage = None
        self.arraysize = 1
        self._rows = None
        self._pos = 0
        self._query = None

    @property
    def connection(self):
        return self._conn

    @property
    def closed(self):
        return self._closed

    def _check_exec(self):
        if self._closed:
            raise InterfaceError("the cursor is closed")
        self._conn._check()

    def _check_fetch(self):
        # Results are on the client once execute() returned: fetching works
        # after the connection closed, not after the cursor did.
        if self._closed:
            raise InterfaceError("the cursor is closed")
        if self._rows is None:
            raise ProgrammingError("the last operation didn't produce a result")

    def _load(self, query, many=1):
        kind, desc, rows, rowcount = result_for(query, many)
        self.description = desc
        self._query = sql_text(query)
        if rows is None:
            self._rows = None
        else:
            make = self.row_factory(self) if self.row_factory is not None else tuple
            self._rows = [make(r) for r in rows]
        self.rowcount = rowcount
        self._pos = 0
        self.rownumber = 0
        self.statusmessage = f"{kind} {max(rowcount, 0)}"
        self._conn._touch()
        self._conn._pending.add(write_of(query), self._conn.autocommit)

    def _fetchone(self):
        self._check_fetch()
        if self._pos < len(self._rows):
            self._pos += 1
            return self._rows[self._pos - 1]
        return None

    def _fetchmany(self, size):
        self._check_fetch()
        size = self.arraysize if size in (0, None) else size
        out = self._rows[self._pos : self._pos + size]
        self._pos += len(out)
        return out

    def _fetchall(self):
        self._check_fetch()
        out = self._rows[self._pos :]
        self._pos = len(self._rows)
        return out

    def _oracle_norm(self, norm):
        try:
            rows = self._fetchall()
        except Exception as e:
            return f"<psycopg cursor: fetchall() raised {type(e).__module__}.{type(e).__qualname__}>"
        return f"<psycopg cursor: rows {norm(rows)}>"


class Cursor(_CursorBase):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        self._check_exec()
        _op("execute")
        self._load(query)
        return self

    def executemany(self, query, params_seq, *, returning=False):
        self._check_exec()
        _op("executemany")
        self._load(query, len(list(params_seq)))
        if not returning:
            self._rows = None

    def fetchone(self):
        _op("fetchone")
        return self._fetchone()

    def fetchmany(self, size=0):
        _op("fetchmany")
        return self._fetchmany(size)

    def fetchall(self):
        _op("fetchall")
        return self._fetchall()

    def __iter__(self):
        _op("fetch")
        self._check_fetch()
        while True:
            row = self._fetchone()
            if row is None:
                return
            yield row

    def scalar(self):
        row = self.fetchone()
        return None if row is None else row[0]

    def copy(self, statement, params=None):
        self._check_exec()
        _op("copy")
        return _Copy()

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Copy:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        pass

    def write_row(self, row):
        pass

    def rows(self):
        return iter(())


class AsyncCursor(_CursorBase):
    async def execute(self, query, params=None, *, prepare=None, binary=None):
        self._check_exec()
        _op("execute")
        self._load(query)
        return self

    async def executemany(self, query, params_seq, *, returning=False):
        self._check_exec()
        _op("executemany")
        self._load(query, len(list(params_seq)))
        if not returning:
            self._rows = None

    async def fetchone(self):
        _op("fetchone")
        return self._fetchone()

    async def fetchmany(self, size=0):
        _op("fetchmany")
        return self._fetchmany(size)

    async def fetchall(self):
        _op("fetchall")
        return self._fetchall()

    def __aiter__(self):
        return self._aiter()

    async def _aiter(self):
        _op("fetch")
        self._check_fetch()
        while True:
            row = self._fetchone()
            if row is None:
                return
            yield row

    async def close(self):
        self._closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()


class _Transaction:
    """`conn.transaction()`: BEGIN ... COMMIT when the connection was idle (or in
    autocommit), a savepoint inside an open transaction."""

    def __init__(self, conn):
        self._conn = conn

    def _enter(self):
        self._conn._check()
        _op("transaction")
        c = self._conn
        self._outer = c.autocommit or c._status == 0
        self._saved_autocommit = c.autocommit
        self._mark = len(c._pending.items)
        c.autocommit = False  # statements in the block wait for its end
        c._status = 1

    def _exit(self, exc_type):
        c = self._conn
        c.autocommit = self._saved_autocommit
        if c.closed:
            return
        if exc_type is not None:
            del c._pending.items[self._mark :]
        if self._outer:
            if exc_type is None:
                c._pending.commit()
            c._status = 0  # commit or rollback: never a fault point


class Transaction(_Transaction):
    def __enter__(self):
        self._enter()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._exit(exc_type)
        return False


class AsyncTransaction(_Transaction):
    async def __aenter__(self):
        self._enter()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self._exit(exc_type)
        return False


class ConnectionInfo:
    def __init__(self, conn):
        self._conn = conn

    @property
    def transaction_status(self):
        from psycopg.pq import TransactionStatus

        if self._conn.closed:
            return TransactionStatus.UNKNOWN
        return TransactionStatus.INTRANS if self._conn._status else TransactionStatus.IDLE

    dbname = "oracle"
    backend_pid = 1
    server_version = 160000

    def get_parameters(self):
        return {"dbname": "oracle"}


class BaseConnection:
    def __init__(self, conninfo="", autocommit=False, row_factory=None, **kwargs):
        self.conninfo = conninfo
        self._closed = False
        self.autocommit = autocommit
        self.row_factory = row_factory
        self._status = 0
        self._pool = None
        self.info = ConnectionInfo(self)
        self.prepare_threshold = 5
        self.isolation_level = None
        self.read_only = None
        self.adapters = None
        self._pending = Pending()
        self._oracle_res = LEDGER.open("connection", DRIVER)
        self._oracle_slot = None

    @property
    def closed(self):
        return self._closed

    @property
    def broken(self):
        return False

    def _check(self):
        if self._closed:
            raise OperationalError("the connection is closed")

    def _touch(self):
        if not self.autocommit:
            self._status = 1

    def _close(self):
        self._pending.discard()
        if not self._closed:
            self._closed = True
            if self._oracle_res is not None:
                self._oracle_res.close()

    def add_notice_handler(self, callback):
        pass

    def add_notify_handler(self, callback):
        pass

    def fileno(self):
        self._check()
        return 3

    def _oracle_resources(self):
        return [r for r in (self._oracle_res, self._oracle_slot) if r is not None]

    def _oracle_norm(self, norm):
        return f"<psycopg {type(self).__name__} {'closed' if self._closed else 'open'}>"


class Connection(BaseConnection):
    @classmethod
    def connect(cls, conninfo="", *, autocommit=False, prepare_threshold=5, row_factory=None,
                cursor_factory=None, context=None, **kwargs):
        _op("connect")
        return cls(conninfo, autocommit=autocommit, row_factory=row_factory, **kwargs)

    def cursor(self, name="", *, binary=False, row_factory=None, scrollable=None, withhold=False):
        self._check()
        _op("cursor")
        return Cursor(self, row_factory)

    def execute(self, query, params=None, *, prepare=None, binary=False):
        self._check()
        return Cursor(self).execute(query, params)

    def commit(self):
        self._check()
        _op("commit")
        self._status = 0
        self._pending.commit()

    def rollback(self):
        self._check()
        _op("rollback")
        self._status = 0
        self._pending.discard()

    def close(self):
        self._close()

    def transaction(self, savepoint_name=None, force_rollback=False):
        return Transaction(self)

    def set_autocommit(self, value):
        self._check()
        self.autocommit = value

    def set_isolation_level(self, value):
        self._check()
        self.isolation_level = value

    def set_read_only(self, value):
        self._check()
        self.read_only = value

    def notifies(self, **kwargs):
        self._check()
        return iter(())

    def pipeline(self):
        return Transaction(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._closed:
            return
        # Commit or rollback (never a fault point: the driver's exit makes
        # that call), then close unless pooled (psycopg's __exit__).
        self._status = 0
        if exc_type is None:
            self._pending.commit()
        else:
            self._pending.discard()
        # Closed unless it belongs to a pool (psycopg's Connection.__exit__).
        if self._pool is None:
            self._close()


class AsyncConnection(BaseConnection):
    @classmethod
    async def connect(cls, conninfo="", *, autocommit=False, prepare_threshold=5, row_factory=None,
                      cursor_factory=None, context=None, **kwargs):
        _op("connect")
        return cls(conninfo, autocommit=autocommit, row_factory=row_factory, **kwargs)

    def cursor(self, name="", *, binary=False, row_factory=None, scrollable=None, withhold=False):
        self._check()
        _op("cursor")
        return AsyncCursor(self, row_factory)

    async def execute(self, query, params=None, *, prepare=None, binary=False):
        self._check()
        return await AsyncCursor(self).execute(query, params)

    async def commit(self):
        self._check()
        _op("commit")
        self._status = 0
        self._pending.commit()

    async def rollback(self):
        self._check()
        _op("rollback")
        self._status = 0
        self._pending.discard()

    async def close(self):
        self._close()

    def transaction(self, savepoint_name=None, force_rollback=False):
        return AsyncTransaction(self)

    async def set_autocommit(self, value):
        self._check()
        self.autocommit = value

    async def set_isolation_level(self, value):
        self._check()
        self.isolation_level = value

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        if self._closed:
            return
        # Commit or rollback (never a fault point: the driver's exit makes
        # that call), then close unless pooled (psycopg's __exit__).
        self._status = 0
        if exc_type is None:
            self._pending.commit()
        else:
            self._pending.discard()
        if self._pool is None:
            self._close()


def connect(conninfo="", **kwargs):
    return Connection.connect(conninfo, **kwargs)


ClientCursor = ServerCursor = Cursor
AsyncClientCursor = AsyncServerCursor = AsyncCursor
Column = tuple

from . import errors, pq, rows, sql  # noqa: E402


def __getattr__(name):
    return stub_fallback(__name__, name)
