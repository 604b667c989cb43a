# Negative: a retry loop that backs off with `time.sleep` in the `except`, after the `with` block has given the connection back.
import os
import time

import psycopg
from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)


def transfer(src, dst, amount, attempts=5):
    for attempt in range(attempts):
        try:
            with pool.connection() as conn:
                with conn.transaction():
                    conn.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, src))
                    conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, dst))
            return True
        except psycopg.errors.SerializationFailure:
            time.sleep(0.1 * 2**attempt)
    return False
