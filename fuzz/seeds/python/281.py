# Handlers that swallow the error without releasing: the function returns normally with the connection still out.
import logging
import os

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def load_preferences(user_id):
    conn = pool.getconn()  # expect: CL101 CL103
    try:
        cur = conn.cursor()
        cur.execute("SELECT key, value FROM preferences WHERE user_id = %s", (user_id,))
        prefs = dict(cur.fetchall())
        pool.putconn(conn)
        return prefs
    except Exception:
        logger.exception("could not load preferences for %s", user_id)
        return {}


def touch_last_seen(user_id):
    conn = pool.getconn()  # expect: CL101 CL103
    try:
        with conn.cursor() as cur:
            cur.execute("UPDATE users SET last_seen = now() WHERE id = %s", (user_id,))
        conn.commit()
    except psycopg2.Error:
        pass
    else:
        pool.putconn(conn)
