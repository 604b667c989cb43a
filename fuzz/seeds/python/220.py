# A @contextmanager that yields the connection without try/finally: an error in the `with` body is raised at the `yield`.
import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


@contextmanager
def transaction():
    conn = pool.getconn()  # expect: CL102
    yield conn
    conn.commit()
    pool.putconn(conn)


def rename_team(team_id, name):
    with transaction() as conn:
        with conn.cursor() as cur:
            cur.execute("UPDATE teams SET name = %s WHERE id = %s", (name, team_id))
