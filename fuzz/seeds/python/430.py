# A psycopg_pool pool opened in a `with` block of a per-event function: opened and closed on every call.
import json
import os

from psycopg_pool import ConnectionPool

DATABASE_URL = os.environ["DATABASE_URL"]


def record_event(kind, payload):
    with ConnectionPool(DATABASE_URL, min_size=1, max_size=4) as pool:  # expect: CL202
        with pool.connection() as conn:
            conn.execute(
                "INSERT INTO events (kind, payload) VALUES (%s, %s)",
                (kind, json.dumps(payload)),
            )
