# Negative: a ContextVar set with a token and reset in `try/finally`; the connection itself comes from a guarded `with`.
import os
from contextlib import contextmanager
from contextvars import ContextVar

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])
current_conn: ContextVar = ContextVar("current_conn")


@contextmanager
def pooled_connection():
    conn = pool.getconn()
    try:
        yield conn
    finally:
        pool.putconn(conn)


def handle_job(job):
    with pooled_connection() as conn:
        token = current_conn.set(conn)
        try:
            run_steps(job)
            conn.commit()
        finally:
            current_conn.reset(token)


def run_steps(job):
    with current_conn.get().cursor() as cur:
        for step in job["steps"]:
            cur.execute("INSERT INTO job_log (job_id, step) VALUES (%s, %s)", (job["id"], step))
