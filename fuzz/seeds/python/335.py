# Negative: helpers called inside the block that never touch the pool: formatting, validation, and a release helper.
import os
import re
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])
EMAIL = re.compile(r"[^@]+@[^@]+\.[a-z]+")


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    try:
        with conn.cursor() as cursor:
            yield cursor, conn
        conn.commit()
    finally:
        connection_pool.putconn(conn)


def normalize_email(email):
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise ValueError(email)
    return email


def display_name(first, last):
    return f"{first} {last}".strip()


def register(first, last, email):
    with get_db_cursor() as (cur, conn):
        cur.execute(
            "INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
            (display_name(first, last), normalize_email(email)),
        )
        return cur.fetchone()[0]
