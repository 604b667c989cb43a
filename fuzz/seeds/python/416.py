# Negative: a FastAPI lifespan that builds the pools once and keeps them on `app.state`.
import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=2, max_size=20)
    engine = create_async_engine(os.environ["SQLALCHEMY_URL"], pool_size=10, pool_pre_ping=True)
    app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
    yield
    await engine.dispose()
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/orders/{order_id}")
async def get_order(order_id: int, request: Request):
    async with request.app.state.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT id, status FROM orders WHERE id = $1", order_id)
    return dict(row) if row else {}
