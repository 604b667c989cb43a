# Routes that take pooled connections by hand through the project's acquirer (found via summaries).
from fastapi import APIRouter, HTTPException
from psycopg2.extras import RealDictCursor

from ..db import get_db_connection, get_db_cursor, release_db_connection
from .. import db as database

router = APIRouter()


@router.get("/users")
def list_users():
    conn = get_db_connection()  # expect: CL101 CL102 "get_db_cursor"
    cursor = conn.cursor(cursor_factory=RealDictCursor)
    try:
        cursor.execute("SELECT * FROM users")
        return cursor.fetchall()
    finally:
        cursor.close()
        conn.close()  # expect: CL104 "release_db_connection(conn)"


@router.get("/users/{user_id}")
def get_user(user_id: int):
    conn = database.get_db_connection()  # expect: CL101 CL102
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
    row = cur.fetchone()
    if row is None:
        raise HTTPException(status_code=404)
    release_db_connection(conn)
    return row


@router.get("/users/{user_id}/orders")
def user_orders(user_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT * FROM orders WHERE user_id = %s", (user_id,))
        return cur.fetchall()
