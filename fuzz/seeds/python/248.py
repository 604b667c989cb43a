# Deeply nested loop, branches and `try`s: one `return` deep inside skips every release.
import os

import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])
DEFAULT_WAREHOUSE = 1


def sync_inventory(warehouse_id, items):
    conn = pool.getconn()  # expect: CL101 CL103
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
                            if warehouse_id == DEFAULT_WAREHOUSE:
                                return False
                            continue
                        cur.execute(
                            "UPDATE stock SET qty = %s WHERE warehouse_id = %s AND sku = %s",
                            (max(row[0] + qty, 0), warehouse_id, sku),
                        )
                    except psycopg2.errors.LockNotAvailable:
                        conn.rollback()
                        pool.putconn(conn)
                        return False
                else:
                    cur.execute(
                        "INSERT INTO stock (warehouse_id, sku, qty) VALUES (%s, %s, %s) "
                        "ON CONFLICT (warehouse_id, sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty",
                        (warehouse_id, sku, qty),
                    )
        conn.commit()
    except Exception:
        pool.putconn(conn)
        raise
    pool.putconn(conn)
    return True
