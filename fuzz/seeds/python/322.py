# Celery task holding `get_db_cursor()` while it calls `record_audit()`, which takes (and gives back) its own connection from the same pool.
import os
from contextlib import contextmanager

from celery import shared_task
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


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


def record_audit(action, target):
    conn = connection_pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO audit (action, target) VALUES (%s, %s)", (action, target))
        conn.commit()
    finally:
        connection_pool.putconn(conn)


@shared_task
def purge_account(account_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("DELETE FROM accounts WHERE id = %s", (account_id,))
        record_audit("purge", account_id)  # expect: CL305
