# A `while True` worker loop: the `break` on an empty queue leaves the loop with the connection still taken.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])

NEXT_JOB = """
DELETE FROM jobs
WHERE id = (SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING payload
"""


def handle(payload):
    return payload.get("kind")


def drain_queue():
    processed = 0
    while True:
        conn = pool.getconn()  # expect: CL101 CL103
        cur = conn.cursor()
        cur.execute(NEXT_JOB)
        job = cur.fetchone()
        if job is None:
            break
        handle(job[0])
        conn.commit()
        pool.putconn(conn)
        processed += 1
    return processed
