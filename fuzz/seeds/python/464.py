# A per-thread SQLite connection for a thread-pooled web app: the connection outlives every request on the thread.
import sqlite3
import threading

DB_PATH = "/var/lib/guestbook/guestbook.db"
_tls = threading.local()


def db():
    if not hasattr(_tls, "db"):
        _tls.db = sqlite3.connect(DB_PATH, check_same_thread=True)  # expect: CL204
        _tls.db.row_factory = sqlite3.Row
    return _tls.db


def sign(name, message):
    conn = db()
    conn.execute("INSERT INTO entries (name, message) VALUES (?, ?)", (name, message))
    conn.commit()
