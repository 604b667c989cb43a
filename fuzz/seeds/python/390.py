# Negative: a migration script opening its own connection.
from contextlib import closing

import psycopg2


def upgrade(dsn):
    with closing(psycopg2.connect(dsn)) as conn:
        conn.cursor().execute("UPDATE users SET tier = 'free' WHERE tier IS NULL")
