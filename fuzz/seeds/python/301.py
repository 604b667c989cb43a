# Negative: a connection stored on `self` belongs to the object; its own close() releases it.
import psycopg2


class Repository:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)
        self.dsn = dsn

    def reconnect(self):
        conn = psycopg2.connect(self.dsn)
        self.conn = conn

    def close(self):
        self.conn.close()
