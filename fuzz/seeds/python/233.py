# Negative for CL102: forms the leak rules do not analyse: guarded `with`s, acquisitions returned directly, unbound and module-level connections.
import os
from contextlib import closing

import psycopg2
from psycopg_pool import ConnectionPool

DSN = os.environ["DATABASE_URL"]
pg_pool = ConnectionPool(DSN, min_size=2, max_size=10)


def settings():
    with pg_pool.connection() as conn:
        return conn.execute("SELECT key, value FROM settings").fetchall()


def export_table(table):
    with closing(psycopg2.connect(DSN)) as conn:
        with conn.cursor() as cur:
            cur.execute(f"SELECT * FROM {table}")
            return cur.fetchall()


def open_connection():
    return pg_pool.getconn()


def server_version():
    return psycopg2.connect(DSN).server_version  # expect: CL101


if __name__ == "__main__":
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    cur.execute("ANALYZE")
    conn.commit()
    conn.close()
