# Negative: asyncpg with `await asyncio.sleep(...)` between attempts, outside `async with pool.acquire()`, and an httpx call after the block.
import asyncio

import asyncpg
import httpx

client = httpx.AsyncClient(timeout=10)


async def claim_job(pool: asyncpg.Pool, worker_id: str):
    for attempt in range(10):
        async with pool.acquire() as conn:
            job = await conn.fetchrow(
                "UPDATE jobs SET worker = $1 WHERE id = (SELECT id FROM jobs WHERE worker IS NULL "
                "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, callback_url",
                worker_id,
            )
        if job is not None:
            await client.post(job["callback_url"], json={"claimed_by": worker_id})
            return job["id"]
        await asyncio.sleep(min(30, 2**attempt))
    return None
