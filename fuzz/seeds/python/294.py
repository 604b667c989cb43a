# Negative: ownership handed to an ExitStack, and a class whose __enter__/__exit__ manage the connection.
from contextlib import ExitStack, closing

import psycopg2


def copy_between(src_dsn, dst_dsn):
    with ExitStack() as stack:
        src = stack.enter_context(closing(psycopg2.connect(src_dsn)))
        dst = stack.enter_context(closing(psycopg2.connect(dst_dsn)))
        src.cursor().copy_to(dst, "t")


class Transaction:
    def __init__(self, dsn):
        self.dsn = dsn

    def __enter__(self):
        self.conn = psycopg2.connect(self.dsn)
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()
