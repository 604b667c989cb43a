# Negative: the pool module of a Flask service: pool, acquirer, releaser, guarded context manager and shutdown.
import atexit
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(4, 32, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return connection_pool.getconn()


def release_db_connection(conn, broken=False):
    connection_pool.putconn(conn, close=broken)


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


atexit.register(connection_pool.closeall)
