# Released on the happy path and in `except OperationalError:` only: any other error leaves with the connection.
import os

import psycopg2
from psycopg2 import pool as pg_pool

db_pool = pg_pool.SimpleConnectionPool(1, 10, dsn=os.environ["DATABASE_URL"])


def record_event(kind, payload):
    conn = db_pool.getconn()  # expect: CL101 CL102
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO events (kind, payload) VALUES (%s, %s)", (kind, payload))
        conn.commit()
        db_pool.putconn(conn)
    except psycopg2.OperationalError:
        db_pool.putconn(conn, close=True)
        raise
