# A PostgreSQL connect bypasses the engine; a SQLite one does not.
import sqlite3
from contextlib import closing

import psycopg2


def pull(dsn):
    with closing(psycopg2.connect(dsn)) as pg:  # expect: CL201 "`app.database`"
        return pg.cursor().execute("SELECT 1")


def local(path):
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT 1")
