# A pool module migrated from DBUtils to psycopg2 that kept `maxconnections` and `mincached`.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(
    5,
    50,
    mincached=5,  # expect: CL203
    maxconnections=50,  # expect: CL203
    host=os.environ["PGHOST"],
    dbname=os.environ["PGDATABASE"],
    user=os.environ["PGUSER"],
    password=os.environ["PGPASSWORD"],
)


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    try:
        with conn.cursor() as cur:
            yield cur
        conn.commit()
    finally:
        connection_pool.putconn(conn)
