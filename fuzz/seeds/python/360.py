# The analytics warehouse: its own pool and guarded context manager, separate from `app.db`.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

warehouse_pool = ThreadedConnectionPool(1, 5, dsn=os.environ["WAREHOUSE_URL"])


@contextmanager
def warehouse_cursor():
    conn = warehouse_pool.getconn()
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        warehouse_pool.putconn(conn)


def revenue_for(customer_id):
    with warehouse_cursor() as cur:
        cur.execute("SELECT sum(amount) FROM revenue_facts WHERE customer_id = %s", (customer_id,))
        return cur.fetchone()[0]
