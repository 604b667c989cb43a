# Negative for CL103: a `while True` polling worker that releases in `finally` before sleeping, breaking or returning.
import os
import time

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])
POLL_SECONDS = 5


def run_worker(stop_event, max_jobs=None):
    done = 0
    while True:
        if stop_event.is_set():
            return done
        conn = pool.getconn()  # expect: CL101
        try:
            cur = conn.cursor()
            cur.execute("SELECT id, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
            job = cur.fetchone()
            if job is not None:
                cur.execute("UPDATE outbox SET sent_at = now() WHERE id = %s", (job[0],))
                conn.commit()
                done += 1
                if max_jobs is not None and done >= max_jobs:
                    break
                continue
        finally:
            pool.putconn(conn)
        time.sleep(POLL_SECONDS)
    return done
