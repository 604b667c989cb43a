# Negative: the `except` and retry paths take a new connection only after the `with` has exited and returned the first.
import os

import psycopg
from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)


def claim_username(user_id, name):
    try:
        with pool.connection() as conn:
            conn.execute("UPDATE users SET username = %s WHERE id = %s", (name, user_id))
        return name
    except psycopg.errors.UniqueViolation:
        with pool.connection() as conn:
            fallback = f"{name}-{user_id}"
            conn.execute("UPDATE users SET username = %s WHERE id = %s", (fallback, user_id))
        return fallback
