# Negative: asyncpg is an async driver: `await asyncpg.connect`, `await pool.acquire()` and `async with pool.acquire()` yield to the loop.
import os

import asyncpg
from fastapi import FastAPI

app = FastAPI()
DSN = os.environ["DATABASE_URL"]


pool = None


@app.on_event("startup")
async def open_pool():
    global pool
    pool = await asyncpg.create_pool(DSN, min_size=5, max_size=50)


@app.get("/events/{event_id}")
async def get_event(event_id: int):
    async with pool.acquire() as conn:
        return dict(await conn.fetchrow("SELECT * FROM events WHERE id = $1", event_id))


@app.post("/events/{event_id}/attend")
async def attend(event_id: int, user_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        await conn.execute("INSERT INTO attendees (event_id, user_id) VALUES ($1, $2)", event_id, user_id)
    finally:
        await pool.release(conn)
    return {"ok": True}


async def migrate():
    conn = await asyncpg.connect(DSN)  # expect: CL101
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS attendees (event_id int, user_id int)")
    finally:
        await conn.close()
