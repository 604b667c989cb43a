# An `@asynccontextmanager` that only looks async: inside it, `with get_db_cursor()` checks out from the sync pool on the loop.
from contextlib import asynccontextmanager

from app.db import get_db_cursor


@asynccontextmanager
async def db_cursor(dict_cursor=True):
    with get_db_cursor(dict_cursor=dict_cursor) as (cur, conn):  # expect: CL301
        yield cur


async def get_cursor():
    # A FastAPI dependency that yields a cursor from the sync pool.
    with get_db_cursor(dict_cursor=True) as (cur, _conn):  # expect: CL301
        yield cur
