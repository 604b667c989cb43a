# No fix: the block binds no name, and elsewhere `closing` is already something else.
import psycopg2


def closing(x):
    return x


def migrate(dsn):
    with psycopg2.connect(dsn):
        pass
    with psycopg2.connect(dsn) as conn:
        conn.cursor().execute("SELECT 1")
