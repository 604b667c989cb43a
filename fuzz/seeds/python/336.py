# Negative: a replica cursor inside a primary cursor: two different pools, each request takes one connection from each.
import os
from contextlib import contextmanager

from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
replica_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["REPLICA_URL"])


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


@contextmanager
def get_replica_cursor():
    conn = replica_pool.getconn()
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cursor:
            yield cursor
    finally:
        replica_pool.putconn(conn)


def replica_lag_seconds():
    with get_replica_cursor() as cur:
        cur.execute("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS lag")
        return cur.fetchone()["lag"]


def copy_report_to_primary(report_id):
    with get_db_cursor() as (cur, conn):
        if replica_lag_seconds() > 30:
            return False
        with get_replica_cursor() as rcur:
            rcur.execute("SELECT * FROM report_rows WHERE report_id = %s", (report_id,))
            rows = rcur.fetchall()
        cur.executemany("INSERT INTO report_cache (report_id, data) VALUES (%s, %s)", [(report_id, r["data"]) for r in rows])
        return True
