# Negative: options passed through `**` splats are not checked.
import os

from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine

from settings import DATABASE, ENGINE_OPTIONS, POOL_OPTIONS

connection_pool = ThreadedConnectionPool(1, 20, **DATABASE)
engine = create_engine(os.environ["DATABASE_URL"], **ENGINE_OPTIONS)
pool = ConnectionPool(os.environ["DATABASE_URL"], **{"open": False, **POOL_OPTIONS})
