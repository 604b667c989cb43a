"""Self-test (a): the after version closes only on the straight path."""
import psycopg2


def count_users(dsn):
    conn = psycopg2.connect(dsn)
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM users")
        return cur.fetchone()[0]
    finally:
        conn.close()
