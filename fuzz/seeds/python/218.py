# asyncpg: `await pool.acquire()` given back with `await pool.release(conn)` only after the queries succeed.
import asyncpg
from fastapi import FastAPI, HTTPException

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.post("/orders/{order_id}/cancel")
async def cancel_order(order_id: int):
    conn = await pool.acquire()  # expect: CL101 CL102
    await conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = $1", order_id)
    row = await conn.fetchrow("SELECT id, status FROM orders WHERE id = $1", order_id)
    await pool.release(conn)
    return dict(row)


@app.get("/orders/{order_id}")
async def get_order(order_id: int):
    conn = await pool.acquire()  # expect: CL101 CL102
    row = await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    await pool.release(conn)
    return dict(row)
