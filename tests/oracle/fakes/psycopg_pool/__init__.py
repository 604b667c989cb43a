"""Fake psycopg_pool: `pool.connection()` takes a slot, commits on success (rolls
back on an exception) through the connection's own `with`, and gives the slot
back; getconn()/putconn() by hand; PoolTimeout when max_size slots are taken
(the real pool would wait `timeout` seconds first)."""

import contextlib

import psycopg
from _oracle_ledger import LEDGER, stub_fallback

__oracle_fake__ = True


class PoolTimeout(psycopg.OperationalError):
    pass


class PoolClosed(psycopg.OperationalError):
    pass


class TooManyRequests(psycopg.OperationalError):
    pass


class _BasePool:
    _conn_class = psycopg.Connection

    def __init__(self, conninfo="", *, connection_class=None, kwargs=None, min_size=4, max_size=None,
                 open=None, configure=None, check=None, reset=None, name=None, timeout=30.0, max_waiting=0,
                 max_lifetime=3600.0, max_idle=600.0, reconnect_timeout=300.0, reconnect_failed=None,
                 num_workers=3):
        self.conninfo = conninfo
        self.kwargs = kwargs or {}
        self.min_size = min_size
        self.max_size = max_size if max_size is not None else min_size
        self.name = name
        self.timeout = timeout
        self._connection_class = connection_class or self._conn_class
        self._configure = configure
        self._idle = []
        self._taken = {}
        self._opened = False
        self._closed = True

    @property
    def closed(self):
        return self._closed

    def _open(self):
        if self._opened and not self._closed:
            return
        self._closed = False
        self._opened = True
        for _ in range(self.min_size):
            self._idle.append(self._new_conn())

    def _new_conn(self):
        conn = self._connection_class(self.conninfo, **self.kwargs)
        conn._oracle_res.pool_owned = True
        conn._pool = self
        return conn

    def _get(self):
        psycopg._op("getconn")
        if self._closed:
            raise PoolClosed(f"the pool {self.name!r} is already closed" if self.name else "the pool is closed")
        if len(self._taken) >= self.max_size:
            raise PoolTimeout(f"couldn't get a connection after {self.timeout:.2f} sec")
        conn = self._idle.pop() if self._idle else self._new_conn()
        slot = LEDGER.open("pool slot", "psycopg_pool")
        conn._oracle_slot = slot
        self._taken[id(conn)] = (conn, slot)
        return conn

    def _put(self, conn):
        if getattr(conn, "_pool", None) is not self:
            raise ValueError(f"can't return connection to pool {self.name!r}, it doesn't belong here")
        entry = self._taken.pop(id(conn), None)
        if entry is not None:
            entry[1].close()
        conn._oracle_slot = None
        conn._pending.discard()  # the pool rolls back what was left open
        if not conn.closed and not self._closed:
            conn._status = 0
            self._idle.append(conn)

    def _close(self):
        if self._closed:
            return
        self._closed = True
        for conn in self._idle:
            conn._close()
        self._idle = []

    def get_stats(self):
        return {"pool_min": self.min_size, "pool_max": self.max_size, "pool_size": len(self._idle) + len(self._taken)}

    pop_stats = get_stats

    def _oracle_norm(self, norm):
        return f"<psycopg_pool {type(self).__name__}>"


class ConnectionPool(_BasePool):
    def __init__(self, conninfo="", *, open=None, **kwargs):
        super().__init__(conninfo, **kwargs)
        if open is None or open:
            # psycopg_pool < 3.3 opens in the constructor when `open` is not given.
            self._open()

    def open(self, wait=False, timeout=30.0):
        self._open()

    def wait(self, timeout=30.0):
        pass

    def getconn(self, timeout=None):
        return self._get()

    def putconn(self, conn):
        self._put(conn)

    @contextlib.contextmanager
    def connection(self, timeout=None):
        conn = self._get()
        try:
            with conn:
                yield conn
        finally:
            self._put(conn)

    def close(self, timeout=5.0):
        self._close()

    def check(self):
        pass

    def resize(self, min_size, max_size=None):
        self.min_size = min_size
        self.max_size = max_size if max_size is not None else min_size

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc):
        self._close()


class AsyncConnectionPool(_BasePool):
    _conn_class = psycopg.AsyncConnection

    def __init__(self, conninfo="", *, open=None, **kwargs):
        super().__init__(conninfo, **kwargs)
        if open:
            self._open()

    async def open(self, wait=False, timeout=30.0):
        self._open()

    async def wait(self, timeout=30.0):
        pass

    async def getconn(self, timeout=None):
        return self._get()

    async def putconn(self, conn):
        self._put(conn)

    @contextlib.asynccontextmanager
    async def connection(self, timeout=None):
        conn = self._get()
        try:
            async with conn:
                yield conn
        finally:
            self._put(conn)

    async def close(self, timeout=5.0):
        self._close()

    async def check(self):
        pass

    async def __aenter__(self):
        self._open()
        return self

    async def __aexit__(self, *exc):
        self._close()


class NullConnectionPool(ConnectionPool):
    def __init__(self, conninfo="", *, min_size=0, **kwargs):
        super().__init__(conninfo, min_size=0, **kwargs)


class AsyncNullConnectionPool(AsyncConnectionPool):
    def __init__(self, conninfo="", *, min_size=0, **kwargs):
        super().__init__(conninfo, min_size=0, **kwargs)


def __getattr__(name):
    return stub_fallback(__name__, name)
