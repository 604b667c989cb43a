"""User endpoints: one written by hand, one that bypasses the pool."""
import psycopg2
from psycopg2.extras import RealDictCursor

from app.db import DSN, get_db_connection, get_db_cursor


def list_users():
    conn = get_db_connection()
    cur = conn.cursor(cursor_factory=RealDictCursor)
    cur.execute("SELECT id, name FROM users")
    rows = cur.fetchall()
    cur.close()
    conn.close()
    return rows


def count_orders():
    legacy = psycopg2.connect(DSN)
    with legacy.cursor() as cur:
        cur.execute("SELECT count(*) FROM orders")
        return cur.fetchone()[0]


def get_user(user_id):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
        return cur.fetchone()
