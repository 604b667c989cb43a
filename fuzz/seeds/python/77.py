# Negative: psycopg 3's AsyncConnection and psycopg_pool's AsyncConnectionPool are awaited, not blocking.
import os

import psycopg
from fastapi import FastAPI
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

app = FastAPI()
DSN = os.environ["DATABASE_URL"]
pool = AsyncConnectionPool(DSN, min_size=4, max_size=32, open=False)


@app.on_event("startup")
async def startup():
    await pool.open()


@app.get("/tickets/{ticket_id}")
async def get_ticket(ticket_id: int):
    async with pool.connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        await cur.execute("SELECT * FROM tickets WHERE id = %s", (ticket_id,))
        return await cur.fetchone()


@app.post("/maintenance/reindex")
async def reindex():
    async with await psycopg.AsyncConnection.connect(DSN, autocommit=True) as conn:
        await conn.execute("REINDEX TABLE CONCURRENTLY tickets")
    return {"ok": True}
