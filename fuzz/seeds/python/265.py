# Negative for CL103: loops with `break` and `continue` where every path gives the connection back.
import os

import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def purge_tenants(tenant_ids):
    for tenant_id in tenant_ids:
        conn = pool.getconn()  # expect: CL101
        try:
            cur = conn.cursor()
            cur.execute("SELECT archived FROM tenants WHERE id = %s", (tenant_id,))
            row = cur.fetchone()
            if row is None:
                break
            if not row[0]:
                continue
            cur.execute("DELETE FROM events WHERE tenant_id = %s", (tenant_id,))
            conn.commit()
        finally:
            pool.putconn(conn)


def delete_expired(batch_size=1000):
    while True:
        conn = pool.getconn()  # expect: CL101
        try:
            cur = conn.cursor()
            cur.execute(
                "DELETE FROM sessions WHERE id IN "
                "(SELECT id FROM sessions WHERE expires_at < now() LIMIT %s FOR UPDATE SKIP LOCKED)",
                (batch_size,),
            )
            deleted = cur.rowcount
            conn.commit()
        except psycopg2.errors.LockNotAvailable:
            pool.putconn(conn)
            continue
        except BaseException:
            pool.putconn(conn)
            raise
        pool.putconn(conn)
        if deleted < batch_size:
            break
