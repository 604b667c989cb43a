import psycopg2


def ping(dsn):
    with psycopg2.connect(dsn) as conn:
        conn.cursor().execute("SELECT 1")
