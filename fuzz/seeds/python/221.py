# `cursor = conn.cursor()` inside the `try`: if it raises, `cursor.close()` in `finally` fails first and `conn.close()` never runs.
import os

from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_URL"], pool_size=10, max_overflow=20)


def get_db_connection():
    return engine.raw_connection()


def archive_orders(cutoff):
    conn = get_db_connection()  # expect: CL101 CL102
    try:
        cursor = conn.cursor()
        cursor.execute("UPDATE orders SET archived = true WHERE created_at < %s", (cutoff,))
        conn.commit()
        return cursor.rowcount
    finally:
        cursor.close()
        conn.close()
