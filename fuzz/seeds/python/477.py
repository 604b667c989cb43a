# Negative: a local connection wrapped in `closing()` before `with conn:`: the transaction ends, then the connection closes.
import sqlite3
from contextlib import closing


def save_draft(path, draft_id, body):
    conn = sqlite3.connect(path)
    with closing(conn), conn:
        conn.execute("INSERT OR REPLACE INTO drafts (id, body) VALUES (?, ?)", (draft_id, body))


def load_draft(path, draft_id):
    conn = sqlite3.connect(path)
    with closing(conn):
        with conn:
            row = conn.execute("SELECT body FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return row[0] if row else None
