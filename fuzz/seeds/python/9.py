# A comment in `finally:` would be lost by the rewrite: no fix.
import sqlite3


def touch(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE meta SET touched = CURRENT_TIMESTAMP")
        conn.commit()
    finally:
        # always close, even on error
        conn.close()
