# aiohttp requests made while `async with pool.acquire()` holds an asyncpg connection: the request, not the session, is the slow call.
import aiohttp
import asyncpg

PARTNER_URL = "https://partner.example.com/api/stock"


async def sync_stock(pool: asyncpg.Pool):
    async with aiohttp.ClientSession() as session:
        async with pool.acquire() as conn:
            skus = await conn.fetch("SELECT sku FROM products WHERE partner_managed")
            async with session.post(PARTNER_URL, json=[r["sku"] for r in skus]) as resp:  # expect: CL302
                levels = await resp.json()
            await conn.executemany(
                "UPDATE products SET stock = $2 WHERE sku = $1", [(s, n) for s, n in levels.items()]
            )


async def fetch_partner_price(pool: asyncpg.Pool, session: aiohttp.ClientSession, sku: str):
    async with pool.acquire() as conn:
        product_id = await conn.fetchval("SELECT id FROM products WHERE sku = $1", sku)
        resp = await session.get(f"{PARTNER_URL}/{sku}/price")  # expect: CL302
        price = (await resp.json())["price"]
        await conn.execute("UPDATE products SET price = $1 WHERE id = $2", price, product_id)
