# Negative: a module that only uses the guarded context manager.
from app.db import get_db_cursor


def health():
    with get_db_cursor() as (cur, _conn):
        cur.execute("SELECT 1")
        return {"ok": cur.fetchone()[0] == 1}
