# Negative: connections owned by objects (`self.conn`), including a `threading.Thread` subclass with its own connection.
import os
import threading

import psycopg2

DSN = os.environ["DATABASE_URL"]


class Repository:
    def __init__(self, dsn=DSN):
        self.conn = psycopg2.connect(dsn)

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Consumer(threading.Thread):
    def __init__(self, queue):
        super().__init__(daemon=True)
        self.queue = queue

    def run(self):
        self.conn = psycopg2.connect(DSN)
        try:
            while (item := self.queue.get()) is not None:
                with self.conn, self.conn.cursor() as cur:
                    cur.execute("INSERT INTO inbox (payload) VALUES (%s)", (item,))
        finally:
            self.conn.close()
