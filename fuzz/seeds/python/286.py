# A repository class that owns a pool in `self.pool` and takes connections from it by hand.
from psycopg2.pool import ThreadedConnectionPool


class UserRepository:
    def __init__(self, dsn):
        self.pool = ThreadedConnectionPool(2, 20, dsn)

    def find(self, user_id):
        conn = self.pool.getconn()  # expect: CL101 "`self.pool`"
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
                return cur.fetchone()
        finally:
            self.pool.putconn(conn)
