# Negative: pool bounds that are not literals (settings, environment, arithmetic) are not checked.
import os

import asyncpg
from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool

import settings

MIN_CONN = int(os.environ.get("DB_MIN_CONN", "1"))
MAX_CONN = int(os.environ.get("DB_MAX_CONN", "20"))

connection_pool = ThreadedConnectionPool(MIN_CONN, MAX_CONN, dsn=settings.DATABASE_URL)
worker_pool = ThreadedConnectionPool(minconn=settings.WORKERS, maxconn=settings.WORKERS * 2, dsn=settings.DATABASE_URL)
pg_pool = ConnectionPool(settings.DATABASE_URL, min_size=settings.POOL_MIN, max_size=settings.POOL_MAX)


async def make_pool():
    return await asyncpg.create_pool(settings.DATABASE_URL, min_size=settings.POOL_MIN, max_size=MAX_CONN)
