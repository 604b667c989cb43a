# Negative: test code sets up its database with direct connections.
from contextlib import closing

import psycopg2


def test_schema_exists(postgresql_dsn):
    with closing(psycopg2.connect(postgresql_dsn)) as conn:
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'users'")
        assert cur.fetchone()
