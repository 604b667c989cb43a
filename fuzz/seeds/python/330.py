# Negative: cursors, transactions and savepoints on the connection already held are not new connections.
import os

import asyncpg
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, text

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)
engine = create_engine("postgresql+psycopg://app@db/app", pool_size=5)
apool = None


async def init():
    global apool
    apool = await asyncpg.create_pool(dsn="postgresql://app@db/app")


def rebuild_search_index():
    with pool.connection() as conn:
        with conn.cursor() as read, conn.cursor() as write:
            for doc_id, body in read.execute("SELECT id, body FROM documents"):
                with conn.transaction():
                    write.execute("UPDATE documents SET tsv = to_tsvector(%s) WHERE id = %s", (body, doc_id))


def import_with_savepoints(rows):
    with engine.begin() as conn:
        for row in rows:
            with conn.begin_nested():
                conn.execute(text("INSERT INTO imports (payload) VALUES (:p)"), {"p": row})


async def bump(counter):
    async with apool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("UPDATE counters SET n = n + 1 WHERE name = $1", counter)
