# Negative: `@app.on_event("startup")` handlers run once; the pool they build is shared by every request.
import os

from fastapi import FastAPI
from psycopg_pool import AsyncConnectionPool

app = FastAPI()
pool = None


@app.on_event("startup")
async def open_pool():
    global pool
    pool = AsyncConnectionPool(os.environ["DATABASE_URL"], min_size=2, max_size=10, open=False)
    await pool.open()


@app.on_event("shutdown")
async def close_pool():
    await pool.close()


@app.get("/health")
async def health():
    async with pool.connection() as conn:
        await conn.execute("SELECT 1")
    return {"status": "ok"}
