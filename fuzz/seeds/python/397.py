# Negative: a project without any pool connects directly by design.
from contextlib import closing

import psycopg2


def nightly(dsn):
    with closing(psycopg2.connect(dsn)) as conn:
        conn.cursor().execute("REFRESH MATERIALIZED VIEW daily_totals")
