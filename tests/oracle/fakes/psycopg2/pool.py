"""Fake psycopg2.pool, after psycopg2/lib/pool.py: minconn connections opened at
construction belong to the pool; getconn() takes a slot (PoolError
"connection pool exhausted" at maxconn); putconn() gives it back; closing a
pooled connection does not give its slot back."""

import psycopg2
from _oracle_ledger import LEDGER, stub_fallback

__oracle_fake__ = True


class PoolError(psycopg2.Error):
    pass


class AbstractConnectionPool:
    def __init__(self, minconn, maxconn, *args, **kwargs):
        self.minconn = int(minconn)
        self.maxconn = int(maxconn)
        self.closed = False
        self._args = args
        self._kwargs = kwargs
        self._pool = []
        self._used = {}
        self._rused = {}
        self._slots = {}
        self._keys = 0
        for _ in range(self.minconn):
            self._connect()

    def _connect(self, key=None):
        conn = psycopg2.connect(*self._args, **self._kwargs)
        conn._oracle_res.pool_owned = True
        if key is not None:
            self._take(key, conn)
        else:
            self._pool.append(conn)
        return conn

    def _take(self, key, conn):
        self._used[key] = conn
        self._rused[id(conn)] = key
        slot = LEDGER.open("pool slot", "psycopg2")
        self._slots[key] = slot
        conn._oracle_slot = slot

    def _getkey(self):
        self._keys += 1
        return self._keys

    def _getconn(self, key=None):
        psycopg2._op("getconn")
        if self.closed:
            raise PoolError("connection pool is closed")
        if key is None:
            key = self._getkey()
        if key in self._used:
            return self._used[key]
        if self._pool:
            conn = self._pool.pop()
            self._take(key, conn)
            return conn
        if len(self._used) == self.maxconn:
            raise PoolError("connection pool exhausted")
        return self._connect(key)

    def _putconn(self, conn, key=None, close=False):
        if self.closed:
            raise PoolError("connection pool is closed")
        if key is None:
            key = self._rused.get(id(conn))
            if key is None:
                raise PoolError("trying to put unkeyed connection")
        if len(self._pool) < self.minconn and not close:
            if not conn.closed:
                conn._status = 0  # a rollback if it was in a transaction
                conn._pending.discard()
                self._pool.append(conn)
        else:
            conn.close()
        if not self.closed or key in self._used:
            del self._used[key]
            del self._rused[id(conn)]
            slot = self._slots.pop(key, None)
            if slot is not None:
                slot.close()
            conn._oracle_slot = None

    def _closeall(self):
        if self.closed:
            raise PoolError("connection pool is closed")
        for conn in self._pool + list(self._used.values()):
            try:
                conn.close()
            except Exception:
                pass
        self.closed = True

    def _oracle_norm(self, norm):
        return f"<psycopg2 {type(self).__name__}>"


class SimpleConnectionPool(AbstractConnectionPool):
    getconn = AbstractConnectionPool._getconn
    putconn = AbstractConnectionPool._putconn
    closeall = AbstractConnectionPool._closeall


class ThreadedConnectionPool(AbstractConnectionPool):
    def getconn(self, key=None):
        return self._getconn(key)

    def putconn(self, conn=None, key=None, close=False):
        return self._putconn(conn, key, close)

    def closeall(self):
        return self._closeall()


class PersistentConnectionPool(AbstractConnectionPool):
    """Keyed by thread: one thread, one key."""

    def getconn(self):
        return self._getconn(key=1)

    def putconn(self, conn=None, close=False):
        return self._putconn(conn, key=1, close=close)

    def closeall(self):
        return self._closeall()


def __getattr__(name):
    return stub_fallback(__name__, name)
