# DBUtils PooledDB(blocking=True): `log_event()` takes a second pooled connection while the caller holds one; at maxconnections every caller blocks forever.
import pymysql
from dbutils.pooled_db import PooledDB

pool = PooledDB(
    creator=pymysql,
    maxconnections=10,
    blocking=True,
    host="db",
    user="app",
    password="secret",
    database="shop",
)


def log_event(kind, payload):
    with pool.connection() as db:
        with db.cursor() as cur:
            cur.execute("INSERT INTO events (kind, payload) VALUES (%s, %s)", (kind, payload))
        db.commit()


def reserve_stock(sku, qty):
    with pool.connection() as db:
        with db.cursor() as cur:
            cur.execute("UPDATE stock SET qty = qty - %s WHERE sku = %s AND qty >= %s", (qty, sku, qty))
            reserved = cur.rowcount == 1
        db.commit()
        log_event("reserve", f"{sku}:{qty}:{reserved}")  # expect: CL305
    return reserved
