# `with connect().cursor() as cur:` closes the cursor, not the connection under it.
import psycopg2


def row_count(dsn, table):
    with psycopg2.connect(dsn).cursor() as cur:  # expect: CL101 "used inline"
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]
