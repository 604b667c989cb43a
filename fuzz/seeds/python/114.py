# Negative: a `@contextmanager` that gives the connection back with putconn(), discarding broken ones with putconn(conn, close=True).
from contextlib import contextmanager

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn="dbname=app user=app")


@contextmanager
def pooled_cursor():
    conn = pool.getconn()
    cursor = None
    broken = False
    try:
        cursor = conn.cursor()
        yield cursor, conn
        conn.commit()
    except psycopg2.OperationalError:
        broken = True
        raise
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor is not None:
            cursor.close()
        if broken or conn.closed:
            pool.putconn(conn, close=True)
        else:
            pool.putconn(conn)


def deactivate(user_id):
    with pooled_cursor() as (cur, _conn):
        cur.execute("UPDATE users SET active = false WHERE id = %s", (user_id,))
