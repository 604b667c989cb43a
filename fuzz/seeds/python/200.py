# Negative: a project subclass of ThreadedConnectionPool that adds its own `blocking`/`timeout` options.
import os
import threading

from psycopg2.pool import ThreadedConnectionPool


class BlockingConnectionPool(ThreadedConnectionPool):
    """Waits for a free slot instead of raising "connection pool exhausted"."""

    def __init__(self, minconn, maxconn, *args, blocking=True, timeout=30, **kwargs):
        self._slots = threading.BoundedSemaphore(maxconn)
        self._blocking = blocking
        self._timeout = timeout
        super().__init__(minconn, maxconn, *args, **kwargs)

    def getconn(self, key=None):
        if not self._slots.acquire(blocking=self._blocking, timeout=self._timeout):
            raise TimeoutError("no connection available")
        return super().getconn(key)

    def putconn(self, conn, key=None, close=False):
        super().putconn(conn, key, close)
        self._slots.release()


connection_pool = BlockingConnectionPool(2, 20, blocking=True, timeout=10, dsn=os.environ["DATABASE_URL"])
