# Negative for CL102: asyncpg connections acquired by hand and released with `await pool.release(conn)` in `finally`.
import asyncpg
from fastapi import FastAPI, HTTPException

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.get("/orders/{order_id}")
async def get_order(order_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        row = await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
        if row is None:
            raise HTTPException(status_code=404, detail="order not found")
        return dict(row)
    finally:
        await pool.release(conn)


@app.post("/orders/{order_id}/ship")
async def ship_order(order_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        async with conn.transaction():
            await conn.execute("UPDATE orders SET status = 'shipped' WHERE id = $1", order_id)
            await conn.execute("INSERT INTO shipments (order_id) VALUES ($1)", order_id)
    finally:
        await pool.release(conn)
    return {"shipped": order_id}
