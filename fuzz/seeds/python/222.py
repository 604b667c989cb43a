# Deeply nested branches and `try`s: every normal path gives the connection back, but an unexpected error escapes with it.
import os

import psycopg2
import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def apply_refund(refund_id, amount, reason):
    conn = pool.getconn()  # expect: CL101 CL102
    try:
        with conn.cursor() as cur:
            if amount > 0:
                cur.execute("SELECT status FROM refunds WHERE id = %s FOR UPDATE", (refund_id,))
                status = cur.fetchone()[0]
                if status == "pending":
                    try:
                        cur.execute(
                            "UPDATE refunds SET status = 'done', amount = %s, reason = %s WHERE id = %s",
                            (amount, reason, refund_id),
                        )
                    except psycopg2.errors.CheckViolation:
                        conn.rollback()
                        pool.putconn(conn)
                        return False
                    conn.commit()
                elif status == "failed":
                    pool.putconn(conn)
                    return False
        pool.putconn(conn)
        return True
    except psycopg2.OperationalError:
        pool.putconn(conn, close=True)
        raise
