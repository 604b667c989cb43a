# Negative for CL103: factories hand the connection to their caller, and the caller gives it back in `finally`.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def get_connection():
    conn = pool.getconn()
    return conn


def get_report_connection():
    return pool.getconn()


def count_orders(status):
    conn = get_connection()  # expect: CL101
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM orders WHERE status = %s", (status,))
        return cur.fetchone()[0]
    finally:
        pool.putconn(conn)


def monthly_report(month):
    conn = get_report_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM monthly_totals WHERE month = %s", (month,))
            return cur.fetchall()
    finally:
        pool.putconn(conn)
