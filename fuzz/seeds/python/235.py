# Negative for CL102: released in a bare `except:` that re-raises, and on the normal path after the `try`.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def transfer(src, dst, amount):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, src))
            cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, dst))
        conn.commit()
    except:
        pool.putconn(conn, close=True)
        raise
    pool.putconn(conn)
    return True
