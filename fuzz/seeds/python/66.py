# An `async def` FastAPI route opening a psycopg2 connection: the connect and every query run on the event loop.
import os
from contextlib import closing

import psycopg2
from fastapi import FastAPI, HTTPException
from psycopg2.extras import RealDictCursor

app = FastAPI()
DSN = os.environ["DATABASE_URL"]


@app.get("/invoices/{invoice_id}")
async def get_invoice(invoice_id: int):
    with closing(psycopg2.connect(DSN)) as conn:  # expect: CL301
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute("SELECT * FROM invoices WHERE id = %s", (invoice_id,))
            invoice = cur.fetchone()
            cur.execute("SELECT * FROM invoice_lines WHERE invoice_id = %s", (invoice_id,))
            lines = cur.fetchall()
    if invoice is None:
        raise HTTPException(status_code=404, detail="invoice not found")
    return {**invoice, "lines": lines}
