"""Database access for the app: one pool, a factory and a guarded cursor."""
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ.get("DATABASE_URL", "postgresql://app@db/app")

db_pool = ThreadedConnectionPool(10, 100, DSN)


def get_db_connection():
    return db_pool.getconn()


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = db_pool.getconn()
    try:
        cur = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        try:
            yield cur, conn
            conn.commit()
        finally:
            cur.close()
    finally:
        db_pool.putconn(conn)
