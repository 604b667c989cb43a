# Negative for CL103: a streaming generator and a @contextmanager that release in `finally`, early `return` included.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def iter_events(since):
    conn = pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor(name="events_stream")
        cur.execute("SELECT id, kind, payload FROM events WHERE ts >= %s ORDER BY ts", (since,))
        for event_id, kind, payload in cur:
            if kind is None:
                return
            yield event_id, kind, payload
    finally:
        pool.putconn(conn)


@contextmanager
def get_db_cursor(commit=False):
    conn = None
    cursor = None
    try:
        conn = pool.getconn()
        cursor = conn.cursor()
        yield cursor
        if commit:
            conn.commit()
    finally:
        if cursor is not None:
            cursor.close()
        if conn is not None:
            pool.putconn(conn)
