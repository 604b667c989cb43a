"""Fake asyncpg: `connect()` is a coroutine function and `Connection` has no
`__aenter__`/`__aexit__`, so `async with asyncpg.connect(...)` fails exactly as
it does for real. `create_pool()` returns a Pool that is awaitable and an async
context manager; `pool.acquire()` is both awaitable (a connection, slot taken)
and an async context manager (slot given back at exit). Closing a pooled
connection does not give its slot back; `pool.release()` does."""

import asyncio

from _oracle_ledger import LEDGER, OracleFault, Pending, status_for, stub_fallback, write_of
from _oracle_rows import result_for

__oracle_fake__ = True
__version__ = "0.30.0"
DRIVER = "asyncpg"


class PostgresMessage:
    pass


class PostgresError(PostgresMessage, Exception):
    sqlstate = None


class FatalPostgresError(PostgresError):
    pass


class InterfaceMessage:
    pass


class InterfaceError(InterfaceMessage, Exception):
    pass


class InterfaceWarning(InterfaceMessage, UserWarning):
    pass


class PostgresConnectionError(PostgresError):
    pass


class ConnectionDoesNotExistError(InterfaceError):
    pass


class IntegrityConstraintViolationError(PostgresError):
    pass


class UniqueViolationError(IntegrityConstraintViolationError):
    pass


class ForeignKeyViolationError(IntegrityConstraintViolationError):
    pass


class NotNullViolationError(IntegrityConstraintViolationError):
    pass


class CheckViolationError(IntegrityConstraintViolationError):
    pass


class TooManyConnectionsError(PostgresError):
    pass


class SerializationError(PostgresError):
    pass


class DeadlockDetectedError(PostgresError):
    pass


class UndefinedTableError(PostgresError):
    pass


class PostgresSyntaxError(PostgresError):
    pass


class DataError(InterfaceError, ValueError):
    pass


class InjectedFault(PostgresConnectionError, OracleFault):
    pass


def _op(name):
    LEDGER.op(name, InjectedFault)


class Record:
    __slots__ = ("_keys", "_values")

    def __init__(self, keys, values):
        self._keys = list(keys)
        self._values = tuple(values)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return self._values[self._keys.index(key)]
            except ValueError:
                raise KeyError(key) from None
        return self._values[key]

    def get(self, key, default=None):
        try:
            return self[key]
        except (KeyError, IndexError):
            return default

    def keys(self):
        return iter(self._keys)

    def values(self):
        return iter(self._values)

    def items(self):
        return iter(list(zip(self._keys, self._values)))

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __contains__(self, key):
        return key in self._keys

    def __eq__(self, other):
        return isinstance(other, Record) and self._values == other._values and self._keys == other._keys

    def __hash__(self):
        return hash(self._values)

    def __repr__(self):
        return "<Record %s>" % " ".join(f"{k}={v!r}" for k, v in zip(self._keys, self._values))

    def _oracle_norm(self, norm):
        return f"<Record {norm(dict(zip(self._keys, self._values)))}>"


def _records(query, conn=None):
    if conn is not None:
        # Outside a transaction block every statement commits by itself.
        conn._pending.add(write_of(query), autocommit=not conn._tx_depth)
    kind, desc, rows, rowcount = result_for(query)
    if rows is None:
        return kind, None
    return kind, [Record([d[0] for d in desc], r) for r in rows]


class Transaction:
    def __init__(self, conn):
        self._conn = conn
        self._state = "new"

    async def start(self):
        self._conn._check("transaction")
        _op("transaction")
        self._state = "started"
        self._outer = not self._conn._tx_depth
        self._mark = len(self._conn._pending.items)
        self._conn._tx_depth += 1

    def _end(self, ok):
        c = self._conn
        c._tx_depth = max(c._tx_depth - 1, 0)
        if not ok:
            del c._pending.items[self._mark :]
        elif self._outer:
            c._pending.commit()

    async def commit(self):
        self._conn._check("commit")
        _op("commit")
        self._state = "committed"
        self._end(True)

    async def rollback(self):
        self._conn._check("rollback")
        self._state = "rolledback"
        self._end(False)

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._conn._check("commit")  # the exit's commit is never a fault point
            self._state = "committed"
            self._end(True)
        elif not self._conn.is_closed():
            await self.rollback()
        return False


class Connection:
    def __init__(self, dsn=None, *, _pool=None, **kwargs):
        self._dsn = dsn
        self._closed = False
        self._pool = _pool
        self._released = False
        self._tx_depth = 0
        self._pending = Pending()
        self._oracle_res = None if _pool is not None else LEDGER.open("connection", DRIVER)
        self._oracle_slot = None

    def _check(self, method):
        if self._released:
            raise InterfaceError(f"cannot call Connection.{method}(): connection has been released back to the pool")
        if self._closed:
            raise InterfaceError("connection is closed")

    async def fetch(self, query, *args, timeout=None, record_class=None):
        self._check("fetch")
        _op("fetch")
        return _records(query, self)[1] or []

    async def fetchrow(self, query, *args, timeout=None, record_class=None):
        self._check("fetchrow")
        _op("fetchrow")
        rows = _records(query, self)[1]
        return rows[0] if rows else None

    async def fetchval(self, query, *args, column=0, timeout=None):
        self._check("fetchval")
        _op("fetchval")
        rows = _records(query, self)[1]
        return rows[0][column] if rows else None

    async def fetchmany(self, query, args, *, timeout=None, record_class=None):
        self._check("fetchmany")
        _op("fetchmany")
        return _records(query, self)[1] or []

    async def execute(self, query, *args, timeout=None):
        self._check("execute")
        _op("execute")
        return status_for(_records(query, self)[0])

    async def executemany(self, command, args, *, timeout=None):
        self._check("executemany")
        _op("executemany")
        _records(command, self)
        return None

    async def copy_records_to_table(self, table_name, *, records, columns=None, schema_name=None, timeout=None,
                                    where=None):
        self._check("copy_records_to_table")
        _op("copy")
        return "COPY 1"

    async def copy_to_table(self, table_name, *, source, **kwargs):
        self._check("copy_to_table")
        _op("copy")
        return "COPY 1"

    async def copy_from_query(self, query, *args, output, **kwargs):
        self._check("copy_from_query")
        _op("copy")
        return "COPY 1"

    async def prepare(self, query, *, name=None, timeout=None, record_class=None):
        self._check("prepare")
        _op("prepare")
        return _Prepared(self, query)

    def transaction(self, *, isolation=None, readonly=False, deferrable=False):
        self._check("transaction")
        return Transaction(self)

    def is_in_transaction(self):
        return False

    async def set_type_codec(self, typename, **kwargs):
        self._check("set_type_codec")

    async def set_builtin_type_codec(self, typename, **kwargs):
        self._check("set_builtin_type_codec")

    async def add_listener(self, channel, callback):
        self._check("add_listener")
        _op("execute")

    async def remove_listener(self, channel, callback):
        pass

    def add_log_listener(self, callback):
        pass

    def get_server_pid(self):
        return 1

    def get_server_version(self):
        return (16, 0, 0, "final", 0)

    async def reload_schema_state(self):
        pass

    async def reset(self, *, timeout=None):
        self._check("reset")

    def is_closed(self):
        return self._closed

    async def close(self, *, timeout=None):
        self._close()

    def terminate(self):
        self._close()

    def _close(self):
        self._pending.discard()
        self._tx_depth = 0
        if not self._closed:
            self._closed = True
            if self._oracle_res is not None:
                self._oracle_res.close()

    def _oracle_resources(self):
        return [r for r in (self._oracle_res, self._oracle_slot) if r is not None]

    def _oracle_norm(self, norm):
        state = "released" if self._released else "closed" if self._closed else "open"
        return f"<asyncpg connection {state}>"


class _Prepared:
    def __init__(self, conn, query):
        self._conn = conn
        self._query = query

    async def fetch(self, *args, timeout=None):
        return await self._conn.fetch(self._query)

    async def fetchrow(self, *args, timeout=None):
        return await self._conn.fetchrow(self._query)

    async def fetchval(self, *args, column=0, timeout=None):
        return await self._conn.fetchval(self._query, column=column)


async def connect(dsn=None, *, host=None, port=None, user=None, password=None, passfile=None, database=None,
                  loop=None, timeout=60, statement_cache_size=100, max_cached_statement_lifetime=300,
                  max_cacheable_statement_size=1024 * 15, command_timeout=None, ssl=None, direct_tls=None,
                  connection_class=Connection, record_class=Record, server_settings=None,
                  target_session_attrs=None, krbsrvname=None, gsslib=None):
    _op("connect")
    return (connection_class or Connection)(dsn)


class PoolAcquireContext:
    def __init__(self, pool, timeout):
        self.pool = pool
        self.timeout = timeout
        self.connection = None
        self.done = False

    def __await__(self):
        return self.pool._acquire(self.timeout).__await__()

    async def __aenter__(self):
        if self.connection is not None or self.done:
            raise InterfaceError("a connection is already acquired")
        self.connection = await self.pool._acquire(self.timeout)
        return self.connection

    async def __aexit__(self, *exc):
        self.done = True
        con = self.connection
        self.connection = None
        await self.pool.release(con)


class Pool:
    def __init__(self, *connect_args, min_size=10, max_size=10, max_queries=50000,
                 max_inactive_connection_lifetime=300.0, setup=None, init=None, reset=None, loop=None,
                 connection_class=Connection, record_class=Record, **connect_kwargs):
        if max_size <= 0:
            raise ValueError("max_size is expected to be greater than zero")
        if min_size < 0 or min_size > max_size:
            raise ValueError("min_size is expected to be greater or equal to zero and not greater than max_size")
        self._min_size = min_size
        self._max_size = max_size
        self._connect_args = connect_args
        self._setup = setup
        self._init = init
        self._initialized = False
        self._initializing = False
        self._closed = False
        self._closing = False
        self._idle = []
        self._taken = {}

    def __await__(self):
        return self._async__init__().__await__()

    async def _async__init__(self):
        if self._initialized:
            return self
        if self._initializing:
            raise InterfaceError("pool is being initialized in another task")
        if self._closed:
            raise InterfaceError("pool is closed")
        self._initializing = True
        try:
            _op("create_pool")
            for _ in range(self._min_size):
                self._idle.append(Connection(*self._connect_args, _pool=self))
            self._initialized = True
            return self
        finally:
            self._initializing = False

    def _check_init(self):
        if not self._initialized:
            if self._initializing:
                raise InterfaceError("pool is being initialized, but not yet ready: likely there is a race "
                                     "between creating a pool and using it")
            raise InterfaceError("pool is not initialized")
        if self._closed:
            raise InterfaceError("pool is closed")

    async def _acquire(self, timeout=None):
        _op("acquire")
        self._check_init()
        if len(self._taken) >= self._max_size:
            raise asyncio.TimeoutError("oracle: every pool connection is taken (the real pool waits here)")
        conn = self._idle.pop() if self._idle else Connection(*self._connect_args, _pool=self)
        conn._released = False
        slot = LEDGER.open("pool slot", DRIVER)
        conn._oracle_slot = slot
        self._taken[id(conn)] = (conn, slot)
        if self._setup is not None:
            await self._setup(conn)
        return conn

    def acquire(self, *, timeout=None):
        return PoolAcquireContext(self, timeout)

    async def release(self, connection, *, timeout=None):
        if type(connection) is not Connection and not isinstance(connection, Connection) or connection._pool is not self:
            raise InterfaceError(
                f"Pool.release() received invalid connection: {connection!r} is not a member of this pool")
        if connection._released:
            return
        entry = self._taken.pop(id(connection), None)
        if entry is not None:
            entry[1].close()
        connection._oracle_slot = None
        connection._released = True
        connection._pending.discard()  # the pool resets the connection
        connection._tx_depth = 0
        if not connection._closed:
            fresh = Connection(*self._connect_args, _pool=self)
            self._idle.append(fresh)

    async def close(self):
        if self._closed:
            return
        self._closing = True
        for conn in self._idle:
            conn._close()
        self._idle = []
        self._closed = True

    def terminate(self):
        self._closed = True
        self._idle = []

    def is_closing(self):
        return self._closed or self._closing

    def get_size(self):
        return len(self._idle) + len(self._taken)

    def get_idle_size(self):
        return len(self._idle)

    def get_min_size(self):
        return self._min_size

    def get_max_size(self):
        return self._max_size

    async def expire_connections(self):
        pass

    def set_connect_args(self, dsn=None, **connect_kwargs):
        pass

    async def _run(self, method, *args, **kwargs):
        async with self.acquire() as con:
            return await getattr(con, method)(*args, **kwargs)

    async def fetch(self, query, *args, timeout=None, record_class=None):
        return await self._run("fetch", query, *args)

    async def fetchrow(self, query, *args, timeout=None, record_class=None):
        return await self._run("fetchrow", query, *args)

    async def fetchval(self, query, *args, column=0, timeout=None):
        return await self._run("fetchval", query, *args, column=column)

    async def execute(self, query, *args, timeout=None):
        return await self._run("execute", query, *args)

    async def executemany(self, command, args, *, timeout=None):
        return await self._run("executemany", command, args)

    async def __aenter__(self):
        await self._async__init__()
        return self

    async def __aexit__(self, *exc):
        await self.close()

    def _oracle_norm(self, norm):
        return "<asyncpg Pool>"


def create_pool(dsn=None, *, min_size=10, max_size=10, max_queries=50000, max_inactive_connection_lifetime=300.0,
                setup=None, init=None, reset=None, loop=None, connection_class=Connection, record_class=Record,
                **connect_kwargs):
    return Pool(dsn, min_size=min_size, max_size=max_size, setup=setup, init=init, reset=reset,
                connection_class=connection_class, record_class=record_class, **connect_kwargs)


from . import connection, exceptions, pool  # noqa: E402


def __getattr__(name):
    return stub_fallback(__name__, name)
