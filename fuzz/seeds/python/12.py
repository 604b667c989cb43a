"""A script that opens a connection by hand and closes it in `finally`."""
import sqlite3


def export_users(path, out):
    conn = sqlite3.connect(path)
    try:
        # every user, oldest first

        rows = conn.execute("SELECT id, email FROM users ORDER BY id").fetchall()
        for row in rows:
            if row[1]:
                out.write(f"{row[0]},{row[1]}\n")
    finally:
        conn.close()
    return len(rows)
