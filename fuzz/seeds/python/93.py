# An asyncpg pool module with an async guarded context manager.
import os
from contextlib import asynccontextmanager

import asyncpg

pool = None


async def init_pool():
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=5, max_size=50)


@asynccontextmanager
async def get_conn():
    async with pool.acquire() as conn:
        yield conn


@asynccontextmanager
async def transaction():
    async with pool.acquire() as conn:
        async with conn.transaction():
            yield conn
