# Negative: the first connection goes back (`putconn`) before the second is taken, also when each loop iteration takes one.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(4, 16, dsn=os.environ["DATABASE_URL"])


def copy_settings(src_tenant, dst_tenant):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT key, value FROM settings WHERE tenant = %s", (src_tenant,))
            rows = cur.fetchall()
    finally:
        pool.putconn(conn)

    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO settings (tenant, key, value) VALUES (%s, %s, %s)",
                [(dst_tenant, k, v) for k, v in rows],
            )
        conn.commit()
    finally:
        pool.putconn(conn)


def ping_all(n):
    for _ in range(n):
        conn = pool.getconn()  # expect: CL101
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1")
        finally:
            pool.putconn(conn)
