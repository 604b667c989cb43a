# The reporting service has no pool of its own; billing's pool is not its to use.
import os
from contextlib import closing

import psycopg2


def run():
    with closing(psycopg2.connect(os.environ["WAREHOUSE_DSN"])) as conn:
        with conn, conn.cursor() as cur:
            cur.execute("REFRESH MATERIALIZED VIEW daily_totals")
