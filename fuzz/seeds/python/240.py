# Negative for CL102: `with conn.cursor() as cur:` inside a try/finally that returns the connection to the pool.
from psycopg2.pool import ThreadedConnectionPool


class InventoryRepository:
    def __init__(self, dsn):
        self.pool = ThreadedConnectionPool(1, 10, dsn)

    def reserve(self, sku, qty):
        conn = self.pool.getconn()  # expect: CL101
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "UPDATE stock SET qty = qty - %s WHERE sku = %s AND qty >= %s",
                    (qty, sku, qty),
                )
                if cur.rowcount == 0:
                    conn.rollback()
                    return False
            conn.commit()
            return True
        finally:
            self.pool.putconn(conn)
