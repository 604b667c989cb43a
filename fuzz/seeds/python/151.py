# `get_db_connection()` then a `requests` call before the `try`: held across the call (CL302) and lost if it raises (CL102).
import os

import requests
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return connection_pool.getconn()


def import_user(github_login):
    conn = get_db_connection()  # expect: CL101 CL102
    profile = requests.get(f"https://api.github.com/users/{github_login}", timeout=10).json()  # expect: CL302
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO users (login, name) VALUES (%s, %s) ON CONFLICT (login) DO NOTHING",
                (github_login, profile.get("name")),
            )
        conn.commit()
    finally:
        connection_pool.putconn(conn)
