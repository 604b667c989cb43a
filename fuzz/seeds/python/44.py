"""asyncpg: `await conn.close()` becomes `await pool.release(conn)` (CL104, unsafe); the next pass turns that into `async with pool.acquire()` (CL101)."""
import asyncpg

pool = None


async def startup(dsn):
    global pool
    pool = await asyncpg.create_pool(dsn)


async def fetch_orders(customer_id):
    conn = await pool.acquire()
    try:
        return await conn.fetch("SELECT * FROM orders WHERE customer_id = $1", customer_id)
    finally:
        await conn.close()
