# Negative for CL102: `cursor = None` before the `try` and `if cursor: cursor.close()` in `finally`, so `conn.close()` always runs.
import os

from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_URL"], pool_size=10, max_overflow=20)


def get_db_connection():
    return engine.raw_connection()


def archive_orders(cutoff):
    conn = get_db_connection()  # expect: CL101
    cursor = None
    try:
        cursor = conn.cursor()
        cursor.execute("UPDATE orders SET archived = true WHERE created_at < %s", (cutoff,))
        conn.commit()
        return cursor.rowcount
    finally:
        if cursor:
            cursor.close()
        conn.close()
