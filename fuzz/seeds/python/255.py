# A `continue` in the loop body skips the close(): every replica that is skipped keeps its connection open.
import logging

import psycopg2

logger = logging.getLogger(__name__)

SHARD_DSNS = [
    "host=shard-1 dbname=app",
    "host=shard-2 dbname=app",
    "host=shard-3 dbname=app",
]


def vacuum_shards(tables):
    for dsn in SHARD_DSNS:
        conn = psycopg2.connect(dsn)  # expect: CL101 CL103
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("SELECT pg_is_in_recovery()")
        if cur.fetchone()[0]:
            logger.info("skipping replica %s", dsn)
            continue
        for table in tables:
            cur.execute(f"VACUUM ANALYZE {table}")
        conn.close()
