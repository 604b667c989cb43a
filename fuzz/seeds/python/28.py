import os
from contextlib import asynccontextmanager

import asyncpg

pool: asyncpg.Pool | None = None


async def init_pool():
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=2, max_size=20)


async def get_connection():
    return await pool.acquire()


async def put_connection(conn):
    await pool.release(conn)


@asynccontextmanager
async def connection():
    conn = await pool.acquire()
    try:
        yield conn
    finally:
        await pool.release(conn)
