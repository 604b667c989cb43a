# Negative: async pytest fixtures that build a pool for the test session and close it afterwards.
import os

import asyncpg
import pytest_asyncio
from sqlalchemy.ext.asyncio import create_async_engine


@pytest_asyncio.fixture(scope="session")
async def db_pool():
    pool = await asyncpg.create_pool(os.environ["TEST_DATABASE_URL"], min_size=1, max_size=2)
    yield pool
    await pool.close()


@pytest_asyncio.fixture
async def async_engine():
    engine = create_async_engine(os.environ["TEST_SQLALCHEMY_URL"])
    yield engine
    await engine.dispose()
