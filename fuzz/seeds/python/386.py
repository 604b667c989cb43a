# A module elsewhere in the project bypasses the inferred pool.
from contextlib import closing

import psycopg2

from app.db import DSN


def invoices():
    with closing(psycopg2.connect(DSN)) as conn:  # expect: CL201 "take a connection from the pool instead: `app.db.pool.getconn()`"
        return conn.cursor().execute("SELECT * FROM invoices")
