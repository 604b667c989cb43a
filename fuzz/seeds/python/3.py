import sqlite3
from contextlib import closing


def touch(path):
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
