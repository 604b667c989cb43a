# Misspelt libpq keywords in a psycopg2 pool: the connect fails with "invalid connection option".
import os

from psycopg2.pool import SimpleConnectionPool

pool = SimpleConnectionPool(
    1,
    5,
    host=os.environ.get("PGHOST", "localhost"),
    dbname="billing",
    user="billing",
    connect_timout=10,  # expect: CL203 "did you mean `connect_timeout`?"
    sslmod="require",  # expect: CL203
)
