# A factory that configures a pooled connection before returning it: if a setup call raises, the slot is lost.
import os

import psycopg2
import psycopg2.extras
from psycopg2.pool import ThreadedConnectionPool

SCHEMA_SQL = "CREATE TABLE IF NOT EXISTS audit (id uuid PRIMARY KEY, action text NOT NULL)"

pool = ThreadedConnectionPool(1, 20, os.environ["DATABASE_URL"])


def checkout():
    conn = pool.getconn()  # expect: CL102 "set_session"
    conn.set_session(isolation_level="REPEATABLE READ")
    return conn


def connect(dsn):
    # A direct connection dropped on that path is closed when CPython frees it:
    # not reported (see rules/CL102.md, "Known limitations").
    conn = psycopg2.connect(dsn)
    psycopg2.extras.register_uuid(conn_or_curs=conn)
    conn.set_session(isolation_level="REPEATABLE READ")
    return conn


def ensure_schema(dsn):
    conn = connect(dsn)  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute(SCHEMA_SQL)
        conn.commit()
    finally:
        conn.close()
