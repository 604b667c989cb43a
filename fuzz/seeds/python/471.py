# A migration script using `with psycopg2.connect(...) as conn:`: the block commits, the connection stays open.
import os
import sys

import psycopg2


def apply_migration(path):
    with open(path) as fh:
        sql = fh.read()
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn:  # expect: CL105
        with conn.cursor() as cur:
            cur.execute(sql)


if __name__ == "__main__":
    for migration in sys.argv[1:]:
        apply_migration(migration)
