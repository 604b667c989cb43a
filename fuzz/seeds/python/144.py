# Celery tasks that poll a status row with `time.sleep` between queries inside `with get_db_cursor()`: the slot idles through every sleep.
import os
import time
from contextlib import contextmanager
from time import sleep

from celery import shared_task
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


@shared_task
def wait_for_import(job_id):
    with get_db_cursor() as (cur, conn):
        for _ in range(60):
            cur.execute("SELECT status FROM import_jobs WHERE id = %s", (job_id,))
            (status,) = cur.fetchone()
            if status in ("done", "failed"):
                return status
            conn.commit()
            time.sleep(5)  # expect: CL302
        return "timeout"


@shared_task
def drain_outbox():
    with get_db_cursor() as (cur, conn):
        while True:
            cur.execute("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox LIMIT 100) RETURNING id")
            if not cur.fetchall():
                break
            conn.commit()
            sleep(0.5)  # expect: CL302
