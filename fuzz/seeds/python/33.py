import logging

from fastapi import APIRouter, HTTPException
from psycopg2.extras import RealDictCursor

from app.db import get_db_connection, release_db_connection, get_db_cursor

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/orders/{order_id}")
def get_order(order_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        # One row or none.
        cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
        row = cur.fetchone()

        if row is None:
            raise HTTPException(status_code=404)
        return row


@router.get("/orders")
def list_orders(limit: int = 50):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT id, state FROM orders ORDER BY id DESC LIMIT %s", (limit,))
        return [{"id": i, "state": s} for i, s in cur.fetchall()]


def count_orders():
    with get_db_cursor() as (_cur, conn):
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM orders")
            return cur.fetchone()[0]


def vacuum_orders():
    with get_db_cursor(autocommit=True) as (cur, conn):
        cur.execute("VACUUM ANALYZE orders")


def mark_shipped(order_id: int):
    with get_db_cursor() as (cur, conn):  # from the shared pool; plain tuples
        cur.execute("UPDATE orders SET state = 'shipped' WHERE id = %s", (order_id,))
        conn.commit()


def last_order_id():
    # Not rewritten: `conn` is used after the block.
    conn = get_db_connection()
    try:
        cur = conn.cursor()
        cur.execute("SELECT max(id) FROM orders")
        found = cur.fetchone()[0]
    finally:
        release_db_connection(conn)
    log.info("connection %s done", conn)
    return found


def archive_orders():
    # Not rewritten: the comment in `finally` would be lost.
    conn = get_db_connection()
    try:
        conn.cursor().execute("DELETE FROM orders WHERE state = 'archived'")
        conn.commit()
    finally:
        # Always give it back, even when the delete fails.
        release_db_connection(conn)
