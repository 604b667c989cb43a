# `with conn.cursor() as cur:` closes the cursor on error, not the connection: the putconn() after the block is skipped.
from psycopg2.pool import ThreadedConnectionPool


class OrderRepository:
    def __init__(self, dsn):
        self.pool = ThreadedConnectionPool(2, 20, dsn)

    def totals_by_day(self):
        conn = self.pool.getconn()  # expect: CL101 CL102
        with conn.cursor() as cur:
            cur.execute("SELECT day, sum(total) FROM orders GROUP BY day ORDER BY day")
            rows = cur.fetchall()
        self.pool.putconn(conn)
        return rows
