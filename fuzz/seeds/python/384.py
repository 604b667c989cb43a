# A direct psycopg2 connection next to the PostgreSQL engine bypasses it.
from contextlib import closing

import psycopg2


def totals(dsn):
    with closing(psycopg2.connect(dsn)) as conn:  # expect: CL201 "`app.db`"
        return conn.cursor().execute("SELECT sum(total) FROM orders")


def local_cache(path):
    import sqlite3

    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT 1").fetchone()
