# Negative: asyncpg.create_pool's own options plus asyncpg.connect keywords (host, user, command_timeout).
import json
import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI


async def init_connection(conn):
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(
        host=os.environ["PGHOST"],
        port=5432,
        user="api",
        password=os.environ["PGPASSWORD"],
        database="app",
        min_size=5,
        max_size=20,
        max_queries=50000,
        max_inactive_connection_lifetime=300.0,
        init=init_connection,
        command_timeout=60,
        statement_cache_size=0,
        server_settings={"application_name": "api", "jit": "off"},
        timeout=10,
        ssl="require",
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
