# Negative: a context manager that binds a guarded connection to a ContextVar and resets it on the way out.
import os
from contextlib import contextmanager
from contextvars import ContextVar

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])
_current: ContextVar = ContextVar("db_connection")


@contextmanager
def unit_of_work():
    conn = pool.getconn()
    try:
        token = _current.set(conn)
        try:
            yield conn
            conn.commit()
        except Exception:
            conn.rollback()
            raise
        finally:
            _current.reset(token)
    finally:
        pool.putconn(conn)


def current_connection():
    return _current.get()


def rename_customer(customer_id, name):
    with unit_of_work():
        with current_connection().cursor() as cur:
            cur.execute("UPDATE customers SET name = %s WHERE id = %s", (name, customer_id))
