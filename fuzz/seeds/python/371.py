# Negative: a local SQLite file is not a bypass of a PostgreSQL/MySQL pool.
import sqlite3
from contextlib import closing


def cached(key):
    with closing(sqlite3.connect("/tmp/cache.db")) as db:
        return db.execute("SELECT v FROM cache WHERE k = ?", (key,)).fetchone()
