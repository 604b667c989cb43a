"""asyncpg: acquire and release by hand around the work becomes `async with pool.acquire()`."""
import asyncpg

pool = None


async def init(dsn):
    global pool
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)


async def order_total(order_id):
    conn = await pool.acquire()
    try:
        row = await conn.fetchrow("SELECT sum(amount) FROM lines WHERE order_id = $1", order_id)
        return row[0]
    finally:
        await pool.release(conn)
