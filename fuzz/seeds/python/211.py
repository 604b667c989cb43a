# Literal bounds that cannot work: the minimum above the maximum, positionally and by keyword.
import os

from psycopg2 import pool as pg_pool
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ["DATABASE_URL"]

read_pool = ThreadedConnectionPool(10, 5, DSN)  # expect: CL203
write_pool = pg_pool.SimpleConnectionPool(  # expect: CL203
    minconn=20,
    maxconn=10,
    dsn=DSN,
    application_name="writer",
)
