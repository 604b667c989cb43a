# Negative: connections from psycopg2.connect() are released by close(): an owning class, a dependency, closing().
import os
from contextlib import closing

import psycopg2

DSN = os.environ["DATABASE_URL"]


class Migrator:
    def __init__(self, dsn=DSN):
        self.conn = psycopg2.connect(dsn)

    def apply(self, statements):
        with self.conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        self.conn.commit()

    def close(self):
        self.conn.close()


def get_conn():
    conn = psycopg2.connect(DSN)
    try:
        yield conn
    finally:
        conn.close()


def server_version():
    with closing(psycopg2.connect(DSN)) as conn:
        return conn.server_version
