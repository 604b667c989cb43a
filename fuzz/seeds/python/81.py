# Negative: a Celery task and a CLI script: sync code using the sync driver, nothing async.
import os
from contextlib import closing

import psycopg2
from celery import shared_task
from psycopg2.pool import SimpleConnectionPool

DSN = os.environ["DATABASE_URL"]
pool = SimpleConnectionPool(1, 4, dsn=DSN)


@shared_task
def expire_sessions():
    conn = pool.getconn()  # expect: CL101
    try:
        with conn, conn.cursor() as cur:
            cur.execute("DELETE FROM sessions WHERE expires_at < now()")
    finally:
        pool.putconn(conn)


def main():
    with closing(psycopg2.connect(DSN)) as conn:
        with conn, conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE sessions")


if __name__ == "__main__":
    main()
