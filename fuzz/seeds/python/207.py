# DBUtils' PooledDB options passed to psycopg2's ThreadedConnectionPool, which hands them to psycopg2.connect.
import os

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(
    minconn=10,
    maxconn=100,
    maxshared=20,  # expect: CL203
    blocking=True,  # expect: CL203 "`blocking` is an option of DBUtils"
    dsn=os.environ["DATABASE_URL"],
)


def get_db_connection():
    return connection_pool.getconn()
