# Negative: a thread-local that selects the tenant's pool (the pool object, not a connection); checkouts are guarded.
import os
import threading
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

POOLS = {
    "eu": ThreadedConnectionPool(5, 50, dsn=os.environ["EU_DATABASE_URL"]),
    "us": ThreadedConnectionPool(5, 50, dsn=os.environ["US_DATABASE_URL"]),
}
_tenant = threading.local()


def activate(region):
    _tenant.pool = POOLS[region]
    _tenant.region = region


@contextmanager
def tenant_cursor():
    pool = _tenant.pool
    conn = pool.getconn()
    try:
        with conn.cursor() as cur:
            yield cur
        conn.commit()
    finally:
        pool.putconn(conn)
