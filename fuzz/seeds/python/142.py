# FastAPI with asyncpg: `async with pool.acquire()` held across an awaited httpx call and an `await asyncio.sleep(5)` poll.
import asyncio

import asyncpg
import httpx
from fastapi import FastAPI

app = FastAPI()
pool = None
http = httpx.AsyncClient(timeout=10)

CARRIER_API = "https://api.carrier.example.com/v2/shipments"


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.get("/shipments/{shipment_id}")
async def shipment_status(shipment_id: int):
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT tracking_no FROM shipments WHERE id = $1", shipment_id)
        resp = await http.get(f"{CARRIER_API}/{row['tracking_no']}")  # expect: CL302
        await conn.execute(
            "UPDATE shipments SET carrier_status = $1 WHERE id = $2", resp.json()["status"], shipment_id
        )
        return resp.json()


@app.post("/exports/{export_id}/wait")
async def wait_for_export(export_id: int):
    async with pool.acquire() as conn:
        while True:
            status = await conn.fetchval("SELECT status FROM exports WHERE id = $1", export_id)
            if status != "running":
                return {"status": status}
            await asyncio.sleep(5)  # expect: CL302
