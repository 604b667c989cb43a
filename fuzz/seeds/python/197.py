# Negative: engines with NullPool (no pool options), as used behind PgBouncer and in serverless code.
import os

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

engine = create_engine(os.environ["PGBOUNCER_URL"], poolclass=NullPool)
async_engine = create_async_engine(os.environ["ASYNC_PGBOUNCER_URL"], poolclass=NullPool, echo=True)
