# Negative: bounds that work: min equal to max, a zero minimum, psycopg_pool's max_size=None, SQLAlchemy's pool_size=0.
import os

import asyncpg
from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine

DSN = os.environ["DATABASE_URL"]

fixed_pool = ThreadedConnectionPool(5, 5, DSN)
lazy_pool = ThreadedConnectionPool(0, 20, dsn=DSN)
pg_pool = ConnectionPool(DSN, min_size=0, max_size=5)
same_size_pool = ConnectionPool(DSN, min_size=4, max_size=None)
# QueuePool: pool_size=0 means no limit, max_overflow=-1 no overflow limit.
unbounded_engine = create_engine(DSN, pool_size=0, max_overflow=-1)


async def make_pool():
    return await asyncpg.create_pool(DSN, min_size=0, max_size=10)
