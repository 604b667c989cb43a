# A FastAPI endpoint that creates an asyncpg pool on every request and closes it before returning.
import os

import asyncpg
from fastapi import FastAPI, HTTPException

app = FastAPI()
DATABASE_URL = os.environ["DATABASE_URL"]


@app.get("/users/{user_id}")
async def get_user(user_id: int):
    pool = await asyncpg.create_pool(DATABASE_URL, min_size=1, max_size=5)  # expect: CL202
    try:
        async with pool.acquire() as conn:
            row = await conn.fetchrow("SELECT id, email, name FROM users WHERE id = $1", user_id)
    finally:
        await pool.close()
    if row is None:
        raise HTTPException(status_code=404, detail="user not found")
    return dict(row)
