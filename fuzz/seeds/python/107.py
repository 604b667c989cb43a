# A hand-written `@contextmanager` around a pooled connection that closes it instead of putting it back.
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

from config import settings

connection_pool = ThreadedConnectionPool(settings.DB_MIN_CONN, settings.DB_MAX_CONN, dsn=settings.DATABASE_URL)


@contextmanager
def db_cursor(commit=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor)
        yield cursor, conn
        if commit:
            conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        conn.close()  # expect: CL104


def active_users():
    with db_cursor() as (cur, _conn):
        cur.execute("SELECT id, email FROM users WHERE active")
        return cur.fetchall()
