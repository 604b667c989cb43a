# Negative: asyncpg with a write pool and a separate read-replica pool, one connection from each held together.
import asyncpg
from fastapi import FastAPI

app = FastAPI()
write_pool = None
read_pool = None


@app.on_event("startup")
async def startup():
    global write_pool, read_pool
    write_pool = await asyncpg.create_pool(dsn="postgresql://app@primary/app", max_size=20)
    read_pool = await asyncpg.create_pool(dsn="postgresql://app@replica/app", max_size=40)


async def recommendations(user_id):
    async with read_pool.acquire() as conn:
        return await conn.fetch("SELECT item_id FROM recommendations WHERE user_id = $1 LIMIT 10", user_id)


@app.post("/feed/{user_id}/refresh")
async def refresh_feed(user_id: int):
    async with write_pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("DELETE FROM feed WHERE user_id = $1", user_id)
            items = await recommendations(user_id)
            async with read_pool.acquire() as replica:
                popular = await replica.fetch("SELECT item_id FROM popular_items LIMIT 10")
            await conn.executemany(
                "INSERT INTO feed (user_id, item_id) VALUES ($1, $2)",
                [(user_id, r["item_id"]) for r in [*items, *popular]],
            )
