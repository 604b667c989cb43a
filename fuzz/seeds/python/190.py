# asyncpg.create_pool given psycopg2-style `minconn`/`maxconn`: its extra keywords go to asyncpg.connect.
import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(
        dsn=os.environ["DATABASE_URL"],
        minconn=2,  # expect: CL203
        maxconn=10,  # expect: CL203
        command_timeout=30,
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
