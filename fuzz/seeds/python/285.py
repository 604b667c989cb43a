# FastAPI + asyncpg: a bare `await pool.acquire()` paired with a manual `pool.release(conn)`.
import asyncpg
from fastapi import FastAPI

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.get("/orders/{order_id}")
async def get_order(order_id: int):
    conn = await pool.acquire()  # expect: CL101 "async with pool.acquire() as conn"
    try:
        row = await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
        return dict(row)
    finally:
        await pool.release(conn)
