# psycopg2's pools have no context manager: no fix (the help names the project's or a guarded form).
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 10, dsn="dbname=app")


def list_ids():
    conn = pool.getconn()
    try:
        cur = conn.cursor()
        cur.execute("SELECT id FROM users")
        return [r[0] for r in cur.fetchall()]
    finally:
        pool.putconn(conn)
