# Negative: `asyncio.sleep(0)` and `time.sleep(0)` only yield to other tasks/threads; they do not wait, so holding a connection across them is fine.
import asyncio
import os
import time

import asyncpg
from psycopg_pool import ConnectionPool

sync_pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)


async def backfill_slugs(pool: asyncpg.Pool):
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT id, title FROM posts WHERE slug IS NULL")
        for i, row in enumerate(rows):
            await conn.execute("UPDATE posts SET slug = $1 WHERE id = $2", row["title"].lower().replace(" ", "-"), row["id"])
            if i % 100 == 0:
                await asyncio.sleep(0)


def rebuild_counters():
    with sync_pool.connection() as conn:
        for table in ("users", "orders", "invoices"):
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            conn.execute("UPDATE counters SET value = %s WHERE name = %s", (count, table))
            time.sleep(0)
