import logging

from fastapi import APIRouter, HTTPException
from psycopg2.extras import RealDictCursor

from app.db import get_db_connection, release_db_connection

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/orders/{order_id}")
def get_order(order_id: int):
    conn = get_db_connection()
    cur = conn.cursor(cursor_factory=RealDictCursor)
    try:
        # One row or none.
        cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
        row = cur.fetchone()

        if row is None:
            raise HTTPException(status_code=404)
        return row
    except Exception:
        conn.rollback()
        raise
    finally:
        cur.close()
        release_db_connection(conn)


@router.get("/orders")
def list_orders(limit: int = 50):
    conn = None
    cur = None
    try:
        conn = get_db_connection()
        cur = conn.cursor()
        cur.execute("SELECT id, state FROM orders ORDER BY id DESC LIMIT %s", (limit,))
        return [{"id": i, "state": s} for i, s in cur.fetchall()]
    finally:
        if cur:
            cur.close()
        if conn:
            release_db_connection(conn)


def count_orders():
    conn = get_db_connection()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM orders")
            return cur.fetchone()[0]
    finally:
        release_db_connection(conn)


def vacuum_orders():
    conn = get_db_connection()
    conn.autocommit = True
    cur = conn.cursor()
    try:
        cur.execute("VACUUM ANALYZE orders")
    finally:
        cur.close()
        release_db_connection(conn)


def mark_shipped(order_id: int):
    conn = get_db_connection()  # from the shared pool
    cur = conn.cursor()  # plain tuples
    try:
        cur.execute("UPDATE orders SET state = 'shipped' WHERE id = %s", (order_id,))
        conn.commit()
    finally:
        cur.close()
        release_db_connection(conn)


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
