# PersistentConnectionPool given DBUtils' PersistentDB options (maxusage, setsession, ping).
import os

from psycopg2.pool import PersistentConnectionPool

sessions_pool = PersistentConnectionPool(
    2,
    20,
    dsn=os.environ["SESSIONS_DSN"],
    maxusage=1000,  # expect: CL203
    setsession=["SET TIME ZONE 'UTC'"],  # expect: CL203
    ping=1,  # expect: CL203
)
