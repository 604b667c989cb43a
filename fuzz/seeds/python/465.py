# `closing()` around the cursor, not the connection: `with psycopg2.connect(...) as conn, closing(conn.cursor()) as cur:`.
from contextlib import closing

import psycopg2


def table_sizes(dsn):
    with psycopg2.connect(dsn) as conn, closing(conn.cursor()) as cur:  # expect: CL105
        cur.execute("SELECT relname, pg_total_relation_size(relid) FROM pg_catalog.pg_statio_user_tables")
        return dict(cur.fetchall())
