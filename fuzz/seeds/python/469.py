# `from psycopg2 import connect` is still psycopg2: `with connect(...) as conn:` does not close the connection.
from psycopg2 import connect
from psycopg2.extras import RealDictCursor

from settings import DATABASE_DSN


def fetch_user(user_id):
    with connect(DATABASE_DSN, cursor_factory=RealDictCursor) as conn:  # expect: CL105
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM users WHERE id = %s", (user_id,))
            return cur.fetchone()
