# Negative for CL102: `conn = None` before the `try`, acquired inside it, released under `if conn:` in `finally`.
import logging
import os

from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def update_stock(sku, delta):
    conn = None
    try:
        conn = pool.getconn()  # expect: CL101
        with conn.cursor() as cur:
            cur.execute("UPDATE stock SET qty = qty + %s WHERE sku = %s", (delta, sku))
        conn.commit()
    except Exception:
        logger.exception("stock update failed for %s", sku)
        raise
    finally:
        if conn:
            pool.putconn(conn)


def stock_level(sku):
    conn = None
    try:
        conn = pool.getconn()  # expect: CL101
        cur = conn.cursor()
        cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
        return cur.fetchone()[0]
    finally:
        if conn is not None:
            pool.putconn(conn)
