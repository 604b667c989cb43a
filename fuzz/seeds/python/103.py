# Blocking pool calls in a startup hook and in a background coroutine started with `asyncio.create_task`.
import asyncio
import logging
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

log = logging.getLogger(__name__)
app = FastAPI()
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@app.on_event("startup")
async def check_database():
    conn = pool.getconn()  # expect: CL101 CL301
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT version()")
            log.info("connected to %s", cur.fetchone()[0])
    finally:
        pool.putconn(conn)
    asyncio.create_task(refresh_rates())


async def refresh_rates():
    while True:
        conn = pool.getconn()  # expect: CL101 CL301
        try:
            with conn.cursor() as cur:
                cur.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY exchange_rates")
            conn.commit()
        finally:
            pool.putconn(conn)
        await asyncio.sleep(300)
