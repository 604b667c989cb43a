# Negative for CL103: asyncpg early returns go through `finally`, or release before returning from the handler.
import logging

import asyncpg
from fastapi import FastAPI

logger = logging.getLogger(__name__)
app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.get("/profiles/{user_id}")
async def get_profile(user_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        cached = await conn.fetchval("SELECT data FROM profile_cache WHERE user_id = $1", user_id)
        if cached is not None:
            return cached
        row = await conn.fetchrow("SELECT * FROM profiles WHERE user_id = $1", user_id)
        return dict(row) if row else None
    finally:
        await pool.release(conn)


@app.get("/profiles/{user_id}/avatar")
async def get_avatar(user_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        url = await conn.fetchval("SELECT avatar_url FROM profiles WHERE user_id = $1", user_id)
    except Exception:
        logger.exception("avatar lookup failed")
        await pool.release(conn)
        return None
    await pool.release(conn)
    return url
