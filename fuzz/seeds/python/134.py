# The pool module: the pool is built at start-up into a global; the acquirer hands out a pooled connection via a local.
import os

from psycopg2 import pool

connection_pool = None


def init_pool():
    global connection_pool
    connection_pool = pool.ThreadedConnectionPool(5, 40, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    conn = connection_pool.getconn()
    conn.autocommit = False
    return conn
