# Negative: psycopg_pool's own context manager, and getconn()/putconn() inside a project context manager.
from contextlib import contextmanager

from psycopg_pool import ConnectionPool

pool = ConnectionPool("postgresql://app@db/app", min_size=2, max_size=8)


def list_plans():
    with pool.connection() as conn:
        return conn.execute("SELECT id, name FROM plans").fetchall()


@contextmanager
def checked_out():
    conn = pool.getconn()
    try:
        yield conn
    finally:
        pool.putconn(conn)


def upgrade(account_id, plan_id):
    with checked_out() as conn, conn.transaction():
        conn.execute("UPDATE accounts SET plan_id = %s WHERE id = %s", (plan_id, account_id))
