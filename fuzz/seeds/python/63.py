# Arguments are evaluated on the event loop: checking out before `to_thread` blocks even though the query runs in a thread.
import asyncio
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


def export_rows(conn, since):
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM audit_log WHERE at >= %s ORDER BY at", (since,))
            return cur.fetchall()
    finally:
        pool.putconn(conn)


@app.get("/audit/export")
async def export_audit(since: str):
    rows = await asyncio.to_thread(export_rows, pool.getconn(), since)  # expect: CL301
    return {"count": len(rows), "rows": rows}
