# The documented ContextVar form: `token = var.set(conn)` before `try:` does not raise.
from contextvars import ContextVar

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 10, "dbname=app")
request_conn: ContextVar = ContextVar("request_conn")


async def db_session_middleware(request, call_next):
    conn = pool.getconn()  # expect: CL101 CL301
    token = request_conn.set(conn)
    try:
        return await call_next(request)
    finally:
        request_conn.reset(token)
        pool.putconn(conn)
