# A backfill script whose module-level loop builds a new psycopg_pool pool for every batch.
import os

from psycopg_pool import ConnectionPool

DATABASE_URL = os.environ["DATABASE_URL"]
STEP = 10_000

for start in range(0, 2_000_000, STEP):
    pool = ConnectionPool(DATABASE_URL, min_size=1, max_size=2)  # expect: CL202
    with pool.connection() as conn:
        conn.execute(
            "UPDATE orders SET region = upper(region) WHERE id >= %s AND id < %s",
            (start, start + STEP),
        )
    pool.close()
    print(f"backfilled orders {start}..{start + STEP}")
