from contextlib import contextmanager

import psycopg2.pool
from flask import current_app

_pool = psycopg2.pool.SimpleConnectionPool(1, 10, dsn="postgresql://app@db/app")


def get_connection():
    return _pool.getconn()


def put_connection(conn):
    _pool.putconn(conn)


@contextmanager
def transaction():
    """Commits when the block succeeds, rolls back when it raises."""
    conn = _pool.getconn()
    try:
        cur = conn.cursor()
        yield conn, cur
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        _pool.putconn(conn)
