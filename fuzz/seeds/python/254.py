# The connection is handed to a project helper that runs a query with it but never gives it back.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def fetch_all(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def top_products(limit=10):
    conn = pool.getconn()  # expect: CL101 CL103
    return fetch_all(conn, "SELECT id, name FROM products ORDER BY sales DESC LIMIT %s", (limit,))
