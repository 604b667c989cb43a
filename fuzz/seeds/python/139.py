# A repository class that keeps its pool on `self`: one method closes the pooled connection, the other returns it.
from psycopg2.pool import ThreadedConnectionPool


class OrderRepository:
    def __init__(self, dsn, max_connections=20):
        self.pool = ThreadedConnectionPool(1, max_connections, dsn)

    def get(self, order_id):
        conn = self.pool.getconn()  # expect: CL101
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
                return cur.fetchone()
        finally:
            conn.close()  # expect: CL104

    def mark_shipped(self, order_id):
        conn = self.pool.getconn()  # expect: CL101
        try:
            with conn.cursor() as cur:
                cur.execute("UPDATE orders SET status = 'shipped' WHERE id = %s", (order_id,))
            conn.commit()
        finally:
            self.pool.putconn(conn)

    def shutdown(self):
        self.pool.closeall()
