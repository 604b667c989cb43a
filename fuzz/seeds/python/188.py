# create_async_engine with a misspelt `pool_pre_ping`, built in a FastAPI lifespan.
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine


@asynccontextmanager
async def lifespan(app: FastAPI):
    engine = create_async_engine(
        os.environ["DATABASE_URL"],
        pool_size=10,
        pool_pre_pign=True,  # expect: CL203
    )
    app.state.sessions = async_sessionmaker(engine)
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
