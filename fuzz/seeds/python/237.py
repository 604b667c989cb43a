# Negative for CL102: a sqlite3 connection bound to None first and closed with `db and db.close()` in `finally`.
import sqlite3


def save_setting(path, key, value):
    db = None
    try:
        db = sqlite3.connect(path, timeout=5)  # expect: CL101
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
        db.commit()
    finally:
        db and db.close()
