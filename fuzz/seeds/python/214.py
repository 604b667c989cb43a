# psycopg_pool's ConnectionPool given psycopg2's `minconn`/`maxconn`: it takes `min_size`/`max_size`.
import os

from psycopg_pool import ConnectionPool

pool = ConnectionPool(
    os.environ["DATABASE_URL"],
    minconn=2,  # expect: CL203
    maxconn=10,  # expect: CL203
    open=False,
)
