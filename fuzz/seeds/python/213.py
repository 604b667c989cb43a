# psycopg_pool pools with literal bounds that cannot work: min_size above max_size, and max_size=0.
import os

from psycopg_pool import AsyncConnectionPool, ConnectionPool

DATABASE_URL = os.environ["DATABASE_URL"]

pool = ConnectionPool(DATABASE_URL, min_size=8, max_size=4, open=False)  # expect: CL203
async_pool = AsyncConnectionPool(DATABASE_URL, min_size=0, max_size=0, open=False)  # expect: CL203
