# A bare `await pool.acquire()` is held (until `pool.release`) across a rate-limit `asyncio.sleep` and an httpx call.
import asyncio

import asyncpg
import httpx

RATE_LIMIT_DELAY = 1.5


async def push_contacts(pool: asyncpg.Pool, client: httpx.AsyncClient):
    conn = await pool.acquire()  # expect: CL101
    try:
        contacts = await conn.fetch("SELECT id, email, name FROM contacts WHERE NOT synced")
        for contact in contacts:
            await client.post("https://crm.example.com/api/contacts", json=dict(contact))  # expect: CL302
            await conn.execute("UPDATE contacts SET synced = true WHERE id = $1", contact["id"])
            await asyncio.sleep(RATE_LIMIT_DELAY)  # expect: CL302
    finally:
        await pool.release(conn)
