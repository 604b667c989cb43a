# Negative: shutting pools down (closeall(), close(), dispose()) is not closing a borrowed connection.
import atexit
import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine

legacy_pool = ThreadedConnectionPool(1, 10, dsn=os.environ["LEGACY_DATABASE_URL"])
pg_pool = ConnectionPool(os.environ["DATABASE_URL"], min_size=1, max_size=10)
engine = create_engine(os.environ["DATABASE_URL"])


def shutdown_sync_pools():
    legacy_pool.closeall()
    pg_pool.close()
    engine.dispose()


atexit.register(shutdown_sync_pools)


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=10)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
