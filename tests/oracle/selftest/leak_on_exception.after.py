"""Self-test (a): the after version closes only on the straight path."""
import psycopg2


def count_users(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM users")
    count = cur.fetchone()[0]
    conn.close()
    return count
