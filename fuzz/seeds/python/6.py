"""A comment on the acquisition's line moves onto the `with` line."""
import psycopg2

DSN = "dbname=billing"


def invoice_count():
    conn = psycopg2.connect(DSN)  # short-lived: a maintenance script
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM invoices")
            return cur.fetchone()[0]
    finally:
        conn.close()
