# A namespace-package layout (no __init__.py): the acquirer is imported as `storage` with `service/` on sys.path.
import sqlite3

DB_PATH = "/var/lib/service/data.db"


def open_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
