# A factory that hands the connection to its caller on success but drops it, open, when the server is too old.
import logging

import psycopg2

logger = logging.getLogger(__name__)


def connect_checked(dsn):
    conn = psycopg2.connect(dsn)  # expect: CL103
    cur = conn.cursor()
    cur.execute("SHOW server_version_num")
    if int(cur.fetchone()[0]) < 120000:
        logger.error("PostgreSQL 12 or later is required")
        return None
    return conn


def migrate(dsn, statements):
    conn = connect_checked(dsn)  # expect: CL101
    if conn is None:
        return False
    try:
        with conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        conn.commit()
    finally:
        conn.close()
    return True
