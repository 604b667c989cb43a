# The cursor anti-patterns of a hand-written helper: the cursor made before the `try`, or inside it without a None guard (CL102).
from fastapi import APIRouter
from psycopg2.extras import RealDictCursor

from .. import db
from ..db import get_db_connection, release_db_connection

router = APIRouter()


@router.get("/orders")
def list_orders():
    conn = get_db_connection()  # expect: CL101 CL102
    cursor = conn.cursor(cursor_factory=RealDictCursor)
    try:
        cursor.execute("SELECT * FROM orders ORDER BY created_at DESC LIMIT 100")
        return cursor.fetchall()
    finally:
        cursor.close()
        release_db_connection(conn)


@router.get("/orders/{order_id}/items")
def order_items(order_id: int):
    conn = db.get_db_connection()  # expect: CL101 CL102
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor)
        cursor.execute("SELECT * FROM order_items WHERE order_id = %s", (order_id,))
        return cursor.fetchall()
    finally:
        cursor.close()
        release_db_connection(conn)


@router.post("/orders/{order_id}/paid")
def mark_paid(order_id: int):
    conn = get_db_connection()  # expect: CL101
    cursor = None
    try:
        cursor = conn.cursor()
        cursor.execute("UPDATE orders SET paid = true WHERE id = %s", (order_id,))
        conn.commit()
        return {"paid": order_id}
    finally:
        if cursor:
            cursor.close()
        release_db_connection(conn)
