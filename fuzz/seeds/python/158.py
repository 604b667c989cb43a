# Negative: manual acquisitions given back (`putconn`, `pool.release`) before the HTTP call or the sleep.
import asyncio
import os

import asyncpg
import requests
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def push_invoice(invoice_id):
    conn = connection_pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT number, total FROM invoices WHERE id = %s", (invoice_id,))
            number, total = cur.fetchone()
    finally:
        connection_pool.putconn(conn)
    requests.post("https://erp.example.com/api/invoices", json={"number": number, "total": str(total)}, timeout=30)


async def throttled_cleanup(pool: asyncpg.Pool, batches):
    for _ in range(batches):
        conn = await pool.acquire()  # expect: CL101
        try:
            deleted = await conn.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expired LIMIT 500)")
        finally:
            await pool.release(conn)
        if deleted == "DELETE 0":
            return
        await asyncio.sleep(2)
