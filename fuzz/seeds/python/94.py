# Negative: async routes using the project's async context managers over asyncpg (cross-file).
from fastapi import APIRouter

from app.db import get_conn, transaction

router = APIRouter()


@router.get("/orders/{order_id}")
async def get_order(order_id: int):
    async with get_conn() as conn:
        return dict(await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id))


@router.post("/orders/{order_id}/pay")
async def pay(order_id: int, amount: int):
    async with transaction() as conn:
        await conn.execute("UPDATE orders SET paid = paid + $2 WHERE id = $1", order_id, amount)
        await conn.execute("INSERT INTO payments (order_id, amount) VALUES ($1, $2)", order_id, amount)
    return {"ok": True}
