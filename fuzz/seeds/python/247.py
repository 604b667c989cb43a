# asyncpg: the cache-hit branch returns before `await pool.release(conn)`; the handler only covers errors.
import asyncpg
from fastapi import FastAPI

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.get("/profiles/{user_id}")
async def get_profile(user_id: int):
    conn = await pool.acquire()  # expect: CL101 CL103
    try:
        cached = await conn.fetchval("SELECT data FROM profile_cache WHERE user_id = $1", user_id)
        if cached is not None:
            return cached
        row = await conn.fetchrow("SELECT * FROM profiles WHERE user_id = $1", user_id)
    except asyncpg.PostgresError:
        await pool.release(conn)
        raise
    await pool.release(conn)
    return dict(row)
