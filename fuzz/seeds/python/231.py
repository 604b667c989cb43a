# Negative for CL102: nested `try` blocks done right: the inner ones handle duplicates, the outer `finally` releases.
import logging
import os

import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])

INSERT = "INSERT INTO contacts (email, name) VALUES (%s, %s)"


def import_contacts(rows):
    conn = pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor()
        try:
            cur.executemany(INSERT, rows)
        except psycopg2.errors.UniqueViolation:
            conn.rollback()
            logger.warning("batch had duplicates; inserting row by row")
            for row in rows:
                try:
                    cur.execute(INSERT, row)
                    conn.commit()
                except psycopg2.errors.UniqueViolation:
                    conn.rollback()
        else:
            conn.commit()
        finally:
            cur.close()
    finally:
        pool.putconn(conn)
