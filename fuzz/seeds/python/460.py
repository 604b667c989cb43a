# Negative: a worker thread keeps the pool handle and a job id on a thread-local, and checks out with a guarded `with` (cross-file).
import threading

from app.db import get_db_cursor, get_pool

_job = threading.local()


def start(job_id):
    _job.id = job_id
    _job.pool = get_pool()
    _job.processed = 0


def process(item):
    with get_db_cursor() as (cur, _conn):
        cur.execute("UPDATE items SET done = true, job_id = %s WHERE id = %s", (_job.id, item))
    _job.processed += 1


def stats():
    pool = _job.pool
    return {"job": _job.id, "processed": _job.processed, "pool_max": pool.maxconn}
