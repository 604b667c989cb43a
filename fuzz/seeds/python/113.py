# Negative: an asyncpg worker that gives connections back with `await pool.release(conn)` or `async with pool.acquire()`.
import asyncio
import os
from contextlib import asynccontextmanager

import asyncpg

pool = None


async def init_pool():
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=4)


@asynccontextmanager
async def transaction():
    conn = await pool.acquire()
    try:
        async with conn.transaction():
            yield conn
    finally:
        await pool.release(conn)


async def finish_jobs(job_ids):
    async with transaction() as conn:
        await conn.executemany("UPDATE jobs SET state = 'done' WHERE id = $1", [(i,) for i in job_ids])


async def queue_depth():
    async with pool.acquire() as conn:
        return await conn.fetchval("SELECT count(*) FROM jobs WHERE state = 'queued'")


async def main():
    await init_pool()
    try:
        await finish_jobs([1, 2, 3])
        print(await queue_depth())
    finally:
        await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
