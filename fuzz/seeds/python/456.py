# A request-scoped connection in a ContextVar, set by an async dependency that never resets it (cross-file acquirer).
from contextvars import ContextVar

from app.db import get_db_connection, release_db_connection

request_conn: ContextVar = ContextVar("request_conn")


async def bind_connection():
    conn = get_db_connection()  # expect: CL301
    try:
        request_conn.set(conn)  # expect: CL204
        yield conn
    finally:
        release_db_connection(conn)


def current_connection():
    return request_conn.get()
