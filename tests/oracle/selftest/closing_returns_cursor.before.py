"""Self-test (b): `closing()` around a block that returns a cursor: the caller
can no longer fetch from it."""
import sqlite3


def recent_events(p):
    with sqlite3.connect(p) as con:
        return con.execute("SELECT id, kind FROM events ORDER BY id DESC LIMIT 10")
