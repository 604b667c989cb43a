# Negative for CL103: deeply nested loops, branches and `try`s under one `finally` that releases on every exit.
import logging
import os

import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def sync_inventory(warehouse_id, items):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            for sku, qty in items:
                if qty < 0:
                    try:
                        cur.execute(
                            "SELECT qty FROM stock WHERE warehouse_id = %s AND sku = %s FOR UPDATE NOWAIT",
                            (warehouse_id, sku),
                        )
                        row = cur.fetchone()
                        if row is None:
                            if warehouse_id == 1:
                                return False
                            continue
                        cur.execute(
                            "UPDATE stock SET qty = %s WHERE warehouse_id = %s AND sku = %s",
                            (max(row[0] + qty, 0), warehouse_id, sku),
                        )
                    except psycopg2.errors.LockNotAvailable:
                        logger.warning("stock row %s locked", sku)
                        conn.rollback()
                        return False
                elif qty == 0:
                    continue
                else:
                    cur.execute(
                        "UPDATE stock SET qty = qty + %s WHERE warehouse_id = %s AND sku = %s",
                        (qty, warehouse_id, sku),
                    )
        conn.commit()
        return True
    finally:
        pool.putconn(conn)
