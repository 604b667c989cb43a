# Negative: FastAPI dependencies that give pooled connections back with putconn() and `await pool.release(conn)`.
import os

import asyncpg
from fastapi import Depends, FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
sync_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])
async_pool = None


@app.on_event("startup")
async def open_async_pool():
    global async_pool
    async_pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=2, max_size=20)


@app.on_event("shutdown")
async def close_async_pool():
    await async_pool.close()


def close_sync_pool():
    sync_pool.closeall()


app.add_event_handler("shutdown", close_sync_pool)


def get_conn():
    conn = sync_pool.getconn()
    try:
        yield conn
    finally:
        sync_pool.putconn(conn)


async def get_async_conn():
    conn = await async_pool.acquire()
    try:
        yield conn
    finally:
        await async_pool.release(conn)


@app.get("/tags")
def tags(conn=Depends(get_conn)):
    with conn.cursor() as cur:
        cur.execute("SELECT name FROM tags ORDER BY name")
        return [row[0] for row in cur.fetchall()]


@app.get("/events")
async def events(conn=Depends(get_async_conn)):
    rows = await conn.fetch("SELECT id, kind FROM events ORDER BY id DESC LIMIT 50")
    return [dict(r) for r in rows]
