# A repository class whose methods were made `async` without changing the sync pool underneath.
import os

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 40, dsn=os.environ["DATABASE_URL"])


class OrderRepository:
    async def get(self, order_id):
        conn = pool.getconn()  # expect: CL101 CL301
        try:
            with conn.cursor(cursor_factory=RealDictCursor) as cur:
                cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
                return cur.fetchone()
        finally:
            pool.putconn(conn)

    async def mark_shipped(self, order_id, tracking):
        conn = pool.getconn()  # expect: CL101 CL301
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "UPDATE orders SET status = 'shipped', tracking = %s WHERE id = %s",
                    (tracking, order_id),
                )
            conn.commit()
        except Exception:
            conn.rollback()
            raise
        finally:
            pool.putconn(conn)
