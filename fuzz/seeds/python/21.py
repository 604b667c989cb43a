import contextlib

import psycopg2


def archive(dsn, ids):
    with contextlib.closing(psycopg2.connect(dsn)) as conn, conn, conn.cursor() as cur:
        cur.execute("UPDATE orders SET archived = true WHERE id = ANY(%s)", (ids,))
    with contextlib.suppress(KeyError):
        pass
