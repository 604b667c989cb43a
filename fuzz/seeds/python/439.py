# A connection stored in a ContextVar by middleware that never resets it.
import os

from psycopg2.pool import ThreadedConnectionPool
from contextvars import ContextVar
from starlette.middleware.base import BaseHTTPMiddleware

pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
current_conn: ContextVar = ContextVar("current_conn")


class DBConnectionMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        current_conn.set(pool.getconn())  # expect: CL204 CL301
        response = await call_next(request)
        pool.putconn(current_conn.get())
        return response
