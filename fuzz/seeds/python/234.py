# Negative for CL102: released in `finally` through an alias and through a project helper that puts it back.
import os

from psycopg2.pool import SimpleConnectionPool

db_pool = SimpleConnectionPool(1, 5, dsn=os.environ["DATABASE_URL"])


def release(connection):
    db_pool.putconn(connection)


def ping():
    conn = db_pool.getconn()  # expect: CL101
    c = conn
    try:
        c.cursor().execute("SELECT 1")
    finally:
        release(c)


def server_version():
    conn = db_pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor()
        cur.execute("SHOW server_version")
        return cur.fetchone()[0]
    finally:
        release(conn)
