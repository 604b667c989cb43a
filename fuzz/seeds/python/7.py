import psycopg2
from contextlib import closing


def ping(dsn):
    with closing(psycopg2.connect(dsn)) as conn, conn:
        conn.cursor().execute("SELECT 1")
