# The pool module: a ThreadedConnectionPool, an acquirer, a releaser and a guarded context manager (found through summaries).
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
    conn = connection_pool.getconn()
    cursor = None
    try:
        conn.autocommit = autocommit
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        if not autocommit:
            conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)
