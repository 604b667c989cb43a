# psycopg_pool's AsyncConnectionPool: `await pool.getconn()` closed instead of `await pool.putconn(conn)`.
from psycopg_pool import AsyncConnectionPool

pool = AsyncConnectionPool("postgresql://worker@db/jobs", min_size=1, max_size=10)


async def queued_jobs():
    conn = await pool.getconn()  # expect: CL101
    try:
        cur = await conn.execute("SELECT count(*) FROM jobs WHERE state = 'queued'")
        (count,) = await cur.fetchone()
        return count
    finally:
        await conn.close()  # expect: CL104
