# The classic per-thread connection cache: `_local.conn = psycopg2.connect(...)`, shared by every asyncio task on the thread.
import os
import threading

import psycopg2

DSN = os.environ["DATABASE_URL"]
_local = threading.local()


def get_connection():
    if getattr(_local, "conn", None) is None or _local.conn.closed:
        _local.conn = psycopg2.connect(DSN)  # expect: CL204 "asyncio tasks"
    return _local.conn


def fetch_user(user_id):
    with get_connection().cursor() as cur:
        cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
        return cur.fetchone()
