# A Celery task that takes a pooled connection per run and closes it, losing one pool slot per task.
import os

from celery import shared_task
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 10, dsn=os.environ["DATABASE_URL"])


@shared_task
def expire_sessions():
    conn = None
    try:
        conn = pool.getconn()  # expect: CL101
        with conn.cursor() as cur:
            cur.execute("DELETE FROM sessions WHERE expires_at < now()")
            deleted = cur.rowcount
        conn.commit()
        return deleted
    finally:
        if conn is not None:
            conn.close()  # expect: CL104
