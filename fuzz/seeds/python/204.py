# Negative: create_engine and create_async_engine with documented engine and pool options.
import json
import os

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_engine(
    os.environ["DATABASE_URL"],
    pool_size=10,
    max_overflow=20,
    pool_timeout=30,
    pool_recycle=1800,
    pool_pre_ping=True,
    pool_use_lifo=True,
    pool_reset_on_return="rollback",
    echo=False,
    echo_pool="debug",
    hide_parameters=True,
    isolation_level="READ COMMITTED",
    connect_args={"connect_timeout": 5, "application_name": "api"},
    execution_options={"schema_translate_map": {None: "tenant_a"}},
    json_serializer=json.dumps,
    future=True,
)

async_engine = create_async_engine(
    os.environ["ASYNC_DATABASE_URL"],
    pool_size=5,
    max_overflow=0,
    pool_recycle=600,
    connect_args={"server_settings": {"application_name": "worker"}},
)
