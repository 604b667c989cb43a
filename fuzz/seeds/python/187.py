# Test code may hold a connection while it sleeps, to provoke a timeout.
import time

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 2, "dbname=test")


def test_idle_in_transaction_timeout():
    conn = pool.getconn()  # expect: CL101
    try:
        conn.cursor().execute("BEGIN")
        time.sleep(2)
    finally:
        pool.putconn(conn)
