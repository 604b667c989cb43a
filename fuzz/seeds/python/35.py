"""Nightly report job: one pool, one guarded cursor, a few queries."""
import psycopg2.extras
import psycopg2.pool
from contextlib import contextmanager

POOL = psycopg2.pool.ThreadedConnectionPool(1, 4, dsn="dbname=reports")


@contextmanager
def cursor(dict_rows=True):
    conn = POOL.getconn()
    try:
        factory = psycopg2.extras.RealDictCursor if dict_rows else None
        with conn.cursor(cursor_factory=factory) as cur:
            yield cur, conn
    finally:
        POOL.putconn(conn)


def daily_totals(day):
    conn = POOL.getconn()
    cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    try:
        cur.execute("SELECT sum(total) AS total FROM orders WHERE day = %s", (day,))
        return cur.fetchone()
    finally:
        POOL.putconn(conn)


def order_ids(day):
    with cursor(dict_rows=False) as (cur, conn):
        cur.execute("SELECT id FROM orders WHERE day = %s", (day,))
        return [r[0] for r in cur.fetchall()]


if __name__ == "__main__":
    print(daily_totals("2026-11-26"), order_ids("2026-11-26"))
