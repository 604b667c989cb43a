# Keyed getconn(): closing instead of putconn() hands the same, now closed, connection to the next caller with that key.
from psycopg2.pool import ThreadedConnectionPool

tenant_pool = ThreadedConnectionPool(2, 50, dsn="dbname=tenants user=api")


def tenant_settings(tenant_id):
    conn = tenant_pool.getconn(key=tenant_id)  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT key, value FROM settings WHERE tenant_id = %s", (tenant_id,))
            return dict(cur.fetchall())
    finally:
        conn.close()  # expect: CL104
