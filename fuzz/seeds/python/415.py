# Negative: factories that build a pool and hand it to their caller, who keeps it.
import os

import asyncpg
from psycopg2.pool import ThreadedConnectionPool
from sqlalchemy import create_engine, event


def make_pool(dsn=None):
    return ThreadedConnectionPool(5, 50, dsn=dsn or os.environ["DATABASE_URL"])


def make_engine(url, *, echo=False):
    engine = create_engine(url, pool_size=10, pool_pre_ping=True, echo=echo)

    @event.listens_for(engine, "connect")
    def set_search_path(dbapi_connection, connection_record):
        with dbapi_connection.cursor() as cur:
            cur.execute("SET search_path TO app, public")

    return engine


async def create_db_pool(settings):
    return await asyncpg.create_pool(settings.database_url, min_size=1, max_size=settings.pool_size)
