# Negative: psycopg_pool pools with their own options (min_size, max_size, timeout, kwargs, ...).
import os

from psycopg import Connection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, ConnectionPool

DATABASE_URL = os.environ["DATABASE_URL"]


def configure(conn: Connection):
    conn.execute("SET statement_timeout = '15s'")
    conn.commit()


pool = ConnectionPool(
    conninfo=DATABASE_URL,
    min_size=2,
    max_size=10,
    open=True,
    kwargs={"autocommit": True, "row_factory": dict_row},
    configure=configure,
    name="api",
    timeout=30.0,
    max_waiting=100,
    max_lifetime=3600.0,
    max_idle=600.0,
    reconnect_timeout=300.0,
    num_workers=3,
)

async_pool = AsyncConnectionPool(DATABASE_URL, min_size=1, max_size=4, open=False)
