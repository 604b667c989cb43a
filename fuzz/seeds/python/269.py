# Negative for CL103: a connection passed to a project helper that gives it back to the pool.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def release(conn):
    pool.putconn(conn)


def fetch_all(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def top_products(limit=10):
    conn = pool.getconn()  # expect: CL101
    try:
        return fetch_all(conn, "SELECT id, name FROM products ORDER BY sales DESC LIMIT %s", (limit,))
    finally:
        release(conn)


def categories():
    conn = pool.getconn()  # expect: CL101
    try:
        rows = fetch_all(conn, "SELECT name FROM categories ORDER BY name")
    except Exception:
        release(conn)
        raise
    release(conn)
    return [r[0] for r in rows]
