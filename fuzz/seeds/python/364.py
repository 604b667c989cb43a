# A properly closed connection still bypasses the pool.
from contextlib import closing

import psycopg2


def vacuum(dsn):
    with closing(psycopg2.connect(dsn)) as conn:  # expect: CL201
        conn.autocommit = True
        conn.cursor().execute("VACUUM ANALYZE")
