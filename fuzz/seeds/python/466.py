# A `connection_factory` does not change what `with` does: `with psycopg2.connect(dsn, connection_factory=...)` stays open.
import logging

import psycopg2
from psycopg2.extras import LoggingConnection

log = logging.getLogger("sql")


def slowest_queries(dsn):
    with psycopg2.connect(dsn, connection_factory=LoggingConnection) as conn:  # expect: CL105
        conn.initialize(log)
        with conn.cursor() as cur:
            cur.execute("SELECT query, mean_exec_time FROM pg_stat_statements ORDER BY 2 DESC LIMIT 20")
            return cur.fetchall()
