# A pooled connection checked out once per thread and parked on a `threading.local` (imported as `local`): never returned.
import os
from threading import local

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])
_state = local()


def connection():
    conn = getattr(_state, "conn", None)
    if conn is None:
        conn = pool.getconn()
        _state.conn = conn  # expect: CL204
    return conn


def record_event(kind, payload):
    conn = connection()
    with conn.cursor() as cur:
        cur.execute("INSERT INTO events (kind, payload) VALUES (%s, %s)", (kind, payload))
    conn.commit()
