# The token is kept but `reset(token)` is never called: the connection stays visible in the context after the request.
import contextvars
import os
from contextlib import closing

import psycopg2

DSN = os.environ["DATABASE_URL"]
_conn_var = contextvars.ContextVar("conn", default=None)


def begin_request():
    conn = psycopg2.connect(DSN)  # expect: CL101 CL103
    token = _conn_var.set(conn)  # expect: CL204
    return token


def current():
    return _conn_var.get()
