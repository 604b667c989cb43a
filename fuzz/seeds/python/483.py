# Negative: a `@contextmanager` that uses `with conn:` for the transaction and closes the connection in `finally`.
from contextlib import contextmanager

import psycopg2

DSN = "dbname=billing user=billing"


@contextmanager
def transaction():
    conn = psycopg2.connect(DSN)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def charge(invoice_id, amount):
    with transaction() as conn, conn.cursor() as cur:
        cur.execute("UPDATE invoices SET paid = paid + %s WHERE id = %s", (amount, invoice_id))
