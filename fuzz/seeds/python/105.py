# asyncpg: a bare `await pool.acquire()` closed with `await conn.close()` instead of `await pool.release(conn)`.
import asyncpg
from fastapi import FastAPI

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.on_event("shutdown")
async def shutdown():
    await pool.close()


@app.get("/invoices/{invoice_id}")
async def get_invoice(invoice_id: int):
    conn = await pool.acquire()  # expect: CL101
    try:
        row = await conn.fetchrow("SELECT * FROM invoices WHERE id = $1", invoice_id)
        return dict(row) if row else None
    finally:
        await conn.close()  # expect: CL104 "release"
