"""A pooled connection closed instead of returned: the unsafe fix gives it back."""
from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(1, 10, dsn="dbname=app")


def list_users():
    conn = connection_pool.getconn()
    try:
        cur = conn.cursor()
        cur.execute("SELECT id FROM users")
        return cur.fetchall()
    finally:
        conn.close()
