# Negative: lazy singletons behind `global ... if ... is None`, also inside a request handler.
import os

import asyncpg
from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
_pool = None
_async_pool = None


def get_pool():
    global _pool
    if _pool is None:
        _pool = ThreadedConnectionPool(1, 20, dsn=os.environ["DATABASE_URL"])
    return _pool


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    global _async_pool
    if _async_pool is None:
        _async_pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], max_size=10)
    async with _async_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT id, name FROM items WHERE id = $1", item_id)
    return dict(row) if row else {}
