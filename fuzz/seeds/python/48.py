"""Straight-line use: connect, work, close. The unsafe fix moves the work into `with closing(...)`."""
import sqlite3


def vacuum(path):
    conn = sqlite3.connect(path)
    # reclaim space, then checkpoint
    conn.execute("VACUUM")

    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def multiline_string_is_not_moved(path):
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE IF NOT EXISTS t (x);
    """)
    conn.close()
