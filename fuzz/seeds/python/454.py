# The project's acquirer (found through summaries) feeding a per-thread cache used by async FastAPI routes.
import threading

from fastapi import APIRouter

from app.db import get_db_connection

_local = threading.local()
router = APIRouter()


def conn():
    if not hasattr(_local, "conn"):
        _local.conn = get_db_connection()  # expect: CL204 "never returned"
    return _local.conn


@router.get("/cart/{cart_id}")
async def get_cart(cart_id: int):
    with conn().cursor() as cur:
        cur.execute("SELECT sku, qty FROM cart_items WHERE cart_id = %s", (cart_id,))
        return cur.fetchall()


@router.post("/cart/{cart_id}/clear")
async def clear_cart(cart_id: int):
    c = conn()
    with c.cursor() as cur:
        cur.execute("DELETE FROM cart_items WHERE cart_id = %s", (cart_id,))
    c.commit()
    return {"ok": True}
