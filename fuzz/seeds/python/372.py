# Negative: code that takes its connections from the project's pool.
from app.db import get_db_cursor


def list_orders():
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT * FROM orders")
        return cur.fetchall()
