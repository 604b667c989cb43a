"""Database access for the orders service."""
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return pool.getconn()


def release_db_connection(conn):
    pool.putconn(conn)


@contextmanager
def get_db_cursor(dict_cursor=False, commit=False, autocommit=False):
    conn = pool.getconn()
    try:
        conn.autocommit = autocommit
        cur = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        try:
            yield cur, conn
            if commit:
                conn.commit()
        except Exception:
            conn.rollback()
            raise
        finally:
            cur.close()
    finally:
        pool.putconn(conn)
