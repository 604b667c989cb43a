"""Self-test (d): `closing()` without the connection's own `with` loses the
commit that `with psycopg2.connect()` made: nothing returned changes, what is
committed does."""
from contextlib import closing

import psycopg2


def archive(dsn, ids):
    with closing(psycopg2.connect(dsn)) as conn:
        with conn.cursor() as cur:
            cur.execute("UPDATE orders SET archived = true WHERE id = ANY(%s)", (ids,))
