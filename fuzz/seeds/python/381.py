# A PostgreSQL warehouse connection does not bypass a SQLite engine.
from contextlib import closing

import psycopg2


def export_rows(dsn):
    with closing(psycopg2.connect(dsn)) as pg:
        with pg.cursor() as cur:
            cur.execute("SELECT id, total FROM orders")
            return cur.fetchall()
