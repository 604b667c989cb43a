# A connection from `get_db_connection()` still open (before `putconn`) when `get_db_cursor()` takes another from the same pool.
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return connection_pool.getconn()


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


def import_rows(rows):
    conn = get_db_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            for row in rows:
                cur.execute("INSERT INTO staging (payload) VALUES (%s)", (row,))
            with get_db_cursor() as (log_cur, _):  # expect: CL305
                log_cur.execute("INSERT INTO import_log (count) VALUES (%s)", (len(rows),))
        conn.commit()
    finally:
        connection_pool.putconn(conn)
