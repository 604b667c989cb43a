"""A script that opens a connection by hand and closes it in `finally`."""
import sqlite3
from contextlib import closing


def export_users(path, out):
    with closing(sqlite3.connect(path)) as conn:
        # every user, oldest first

        rows = conn.execute("SELECT id, email FROM users ORDER BY id").fetchall()
        for row in rows:
            if row[1]:
                out.write(f"{row[0]},{row[1]}\n")
    return len(rows)
