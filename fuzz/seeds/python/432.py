# A query helper that builds a psycopg2 pool per call, borrows one connection and drops the pool.
import os

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ["DATABASE_URL"]


def fetch_all(sql, params=()):
    pool = ThreadedConnectionPool(1, 10, dsn=DSN)  # expect: CL202
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        pool.putconn(conn)
        pool.closeall()


def active_customers():
    return fetch_all("SELECT id, email FROM customers WHERE active")
