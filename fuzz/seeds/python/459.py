# The pool module: the pool, a getter for the pool itself (not an acquirer) and a guarded context manager.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_pool():
    return connection_pool


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
        conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)
