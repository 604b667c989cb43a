# The service's pool module: a ThreadedConnectionPool, an acquirer and the guarded `get_db_cursor()` context manager.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return connection_pool.getconn()


@contextmanager
def get_db_cursor(dict_cursor=False, autocommit=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
        if not autocommit:
            conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)
