# Negative for CL102: released on the normal path and in `except Exception:`, which logs and returns a default.
import logging
import os

from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def fetch_prices(skus):
    conn = pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor()
        cur.execute("SELECT sku, price FROM prices WHERE sku = ANY(%s)", (list(skus),))
        prices = dict(cur.fetchall())
        pool.putconn(conn)
        return prices
    except Exception:
        logger.exception("price lookup failed")
        pool.putconn(conn)
        return {}
