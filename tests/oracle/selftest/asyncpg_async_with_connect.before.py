"""Self-test (c): asyncpg connections are not async context managers."""
import asyncpg


async def server_time(dsn):
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval("SELECT now()")
    finally:
        await conn.close()
