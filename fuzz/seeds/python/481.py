# Negative: psycopg 3's connection context manager closes the connection at the end of the block.
import os

import psycopg
from fastapi import FastAPI

app = FastAPI()
DSN = os.environ["DATABASE_URL"]


@app.get("/plans")
def plans():
    with psycopg.connect(DSN) as conn:
        return conn.execute("SELECT id, name FROM plans ORDER BY id").fetchall()


@app.post("/plans/{plan_id}/retire")
def retire(plan_id: int):
    with psycopg.connect(DSN) as conn, conn.transaction():
        conn.execute("UPDATE plans SET retired = true WHERE id = %s", (plan_id,))
    return {"retired": plan_id}


@app.get("/plans/async-count")
async def plan_count():
    async with await psycopg.AsyncConnection.connect(DSN) as aconn:
        cur = await aconn.execute("SELECT count(*) FROM plans")
        (count,) = await cur.fetchone()
    return {"count": count}
