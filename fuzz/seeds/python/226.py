# Nested `try` without `finally`: every normal path releases, but the outer handler only catches OperationalError.
import os

import psycopg2
import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

db_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def create_user(email, name):
    conn = db_pool.getconn()  # expect: CL101 CL102
    try:
        cur = conn.cursor()
        try:
            cur.execute("INSERT INTO users (email, name) VALUES (%s, %s) RETURNING id", (email, name))
        except psycopg2.errors.UniqueViolation:
            conn.rollback()
            db_pool.putconn(conn)
            return None
        user_id = cur.fetchone()[0]
        conn.commit()
    except psycopg2.OperationalError:
        db_pool.putconn(conn, close=True)
        raise
    db_pool.putconn(conn)
    return user_id
