# Negative: driver connections opened in `with closing(...)`, and a local guarded right away.
import sqlite3
from contextlib import closing

import psycopg2


def export(dsn):
    with closing(psycopg2.connect(dsn)) as conn, conn:
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM exports")
            return cur.fetchall()


def cache_lookup(path, key):
    conn = sqlite3.connect(path)
    with closing(conn):
        return conn.execute("SELECT v FROM cache WHERE k = ?", (key,)).fetchone()
