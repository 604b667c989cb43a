"""A comment on the acquisition's line moves onto the `with` line."""
import psycopg2
from contextlib import closing

DSN = "dbname=billing"


def invoice_count():
    with closing(psycopg2.connect(DSN)) as conn:  # short-lived: a maintenance script
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM invoices")
            return cur.fetchone()[0]
