# Negative: the pool's own module: the pool, a factory, a releaser and the guarded context manager.
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return connection_pool.getconn()


def release_db_connection(conn):
    connection_pool.putconn(conn)


@contextmanager
def get_db_cursor(dict_cursor=False, autocommit=False):
    conn = None
    cursor = None
    try:
        conn = connection_pool.getconn()
        conn.autocommit = autocommit
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        if not autocommit:
            conn.commit()
    except Exception:
        if conn:
            conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        if conn:
            connection_pool.putconn(conn)


def close_pool():
    connection_pool.closeall()
