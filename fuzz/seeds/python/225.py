# A `match` on the command: the fallback case raises after the connection was taken, and only the normal path releases it.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 5, dsn=os.environ["DATABASE_URL"])


def handle(command, job_id):
    conn = pool.getconn()  # expect: CL101 CL102
    cur = conn.cursor()
    match command:
        case "pause":
            cur.execute("UPDATE jobs SET paused = true WHERE id = %s", (job_id,))
        case "resume":
            cur.execute("UPDATE jobs SET paused = false WHERE id = %s", (job_id,))
        case _:
            raise ValueError(f"unknown command {command!r}")
    conn.commit()
    pool.putconn(conn)
