# Not the canonical shape: no fix (an `except`, a use after the block, a
# reassignment inside, something between acquisition and `try`).
import sqlite3


def with_except(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def used_after(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("VACUUM")
    finally:
        conn.close()
    print(conn)


def rebinds(path, other):
    conn = sqlite3.connect(path)
    try:
        conn = sqlite3.connect(other)
    finally:
        conn.close()


def gap(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        conn.execute("DELETE FROM sessions")
    finally:
        conn.close()
