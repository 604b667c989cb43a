# `from threading import local as thread_local`: a renamed import is still a thread-local.
import os
from threading import local as thread_local

import psycopg2
import psycopg2.extras

_cache = thread_local()


def replica():
    conn = getattr(_cache, "replica", None)
    if conn is None or conn.closed:
        conn = psycopg2.connect(os.environ["REPLICA_URL"], cursor_factory=psycopg2.extras.RealDictCursor)
        conn.set_session(readonly=True, autocommit=True)
        _cache.replica = conn  # expect: CL204
    return conn
