# Negative: a `def` and a `lambda` defined inside the block reach the same pool, but they run only after the block ends.
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


def schedule_cleanup(account_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE accounts SET closing = true WHERE id = %s RETURNING email", (account_id,))
        (email,) = cur.fetchone()

        def cleanup():
            with get_db_cursor() as (inner, _):
                inner.execute("DELETE FROM sessions WHERE account_id = %s", (account_id,))

        later = [lambda: cleanup()]
    for job in later:
        job()
    return email
