"""Self-test (c): asyncpg connections are not async context managers."""
import asyncpg


async def server_time(dsn):
    async with asyncpg.connect(dsn) as conn:
        return await conn.fetchval("SELECT now()")
