"""Nightly report: `with psycopg2.connect()` commits but never closes."""
import os

import psycopg2

DSN = os.environ["DATABASE_URL"]


def count_users():
    with psycopg2.connect(DSN) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM users")
            return cur.fetchone()[0]
