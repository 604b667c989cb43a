# Negative: coroutines that touch the pool object without checking out (shutdown, metrics) or only call async services.
import os

import httpx
from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/metrics/pool")
async def pool_metrics():
    return {"min": pool.minconn, "max": pool.maxconn, "in_use": len(pool._used)}


@app.get("/weather/{city}")
async def weather(city: str):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get("https://api.weather.example/v1/current", params={"q": city})
    return resp.json()


@app.on_event("shutdown")
async def close_pool():
    pool.closeall()
