# Negative for CL103: forms the leak rules do not analyse: guarded `with`s, acquisitions returned directly, unbound connections.
import sqlite3
from contextlib import closing

from sqlalchemy import create_engine, text

engine = create_engine("postgresql://app@db/app", pool_size=10)


def user_count():
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM users")).scalar()


def cache_get(path, key):
    with closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def raw_connection():
    return engine.raw_connection()


def warm_up(path):
    sqlite3.connect(path).execute("PRAGMA optimize")  # expect: CL101
