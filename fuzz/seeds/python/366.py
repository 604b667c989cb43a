# A FastAPI handler connecting with asyncpg directly on every request.
import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/stats")
async def stats():
    conn = await asyncpg.connect("postgresql://app@db/app")  # expect: CL101 CL201
    try:
        return await conn.fetchrow("SELECT count(*) FROM events")
    finally:
        await conn.close()
