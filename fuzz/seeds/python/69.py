# The nearest enclosing function decides: the nested sync `def` is fine, the query in the coroutine itself is not.
import asyncio
import os
from contextlib import closing

import psycopg2
from fastapi import FastAPI

app = FastAPI()
DSN = os.environ["DATABASE_URL"]


@app.get("/reports/{report_id}")
async def report(report_id: int):
    def load_rows():
        with closing(psycopg2.connect(DSN)) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM report_rows WHERE report_id = %s", (report_id,))
                return cur.fetchall()

    rows = await asyncio.to_thread(load_rows)
    with closing(psycopg2.connect(DSN)) as conn:  # expect: CL301
        with conn.cursor() as cur:
            cur.execute("UPDATE reports SET last_viewed = now() WHERE id = %s", (report_id,))
        conn.commit()
    return {"rows": rows}
