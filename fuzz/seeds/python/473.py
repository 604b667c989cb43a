# Negative: `with closing(connect(...))` closes the connection; `closing(...) as conn, conn` also ends the transaction.
import sqlite3
from contextlib import closing

import psycopg2

DSN = "dbname=app user=app"


def user_count():
    with closing(psycopg2.connect(DSN)) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM users")
            return cur.fetchone()[0]


def archive_user(user_id):
    with closing(psycopg2.connect(DSN)) as conn, conn:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO users_archive SELECT * FROM users WHERE id = %s", (user_id,))
            cur.execute("DELETE FROM users WHERE id = %s", (user_id,))


def cached_value(path, key):
    with closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
