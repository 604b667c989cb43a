# Taken from the pool and never given back: every call keeps one slot for good.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def count_active_users():
    conn = pool.getconn()  # expect: CL101 CL103
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM users WHERE active")
    return cur.fetchone()[0]


class AuditLog:
    def write(self, actor, action):
        conn = pool.getconn()  # expect: CL101 CL103
        with conn.cursor() as cur:
            cur.execute("INSERT INTO audit_log (actor, action) VALUES (%s, %s)", (actor, action))
        conn.commit()
