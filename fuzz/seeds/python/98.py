# psycopg 3 has an async API, but these coroutines use the sync one: `psycopg.connect` and a sync `ConnectionPool`.
import os

import psycopg
from fastapi import FastAPI
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

app = FastAPI()
DSN = os.environ["DATABASE_URL"]
pool = ConnectionPool(DSN, min_size=4, max_size=32, open=True)


@app.get("/tickets/{ticket_id}")
async def get_ticket(ticket_id: int):
    with pool.connection() as conn:  # expect: CL301
        cur = conn.cursor(row_factory=dict_row)
        return cur.execute("SELECT * FROM tickets WHERE id = %s", (ticket_id,)).fetchone()


@app.post("/maintenance/reindex")
async def reindex():
    with psycopg.connect(DSN, autocommit=True) as conn:  # expect: CL301
        conn.execute("REINDEX TABLE CONCURRENTLY tickets")
    return {"ok": True}
