# The pool-owning module (inferred: it builds the pool); its own direct connect is fine.
from contextlib import closing

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

DSN = "dbname=app"
pool = ThreadedConnectionPool(5, 50, DSN)


def can_connect():
    with closing(psycopg2.connect(DSN, connect_timeout=2)) as conn:
        return conn.closed == 0
