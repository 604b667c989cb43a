# Inside the billing service, a direct connection bypasses its pool.
import os
from contextlib import closing

import psycopg2


def overdue():
    with closing(psycopg2.connect(os.environ["BILLING_DSN"])) as conn:  # expect: CL201 "`billing.db`"
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM invoices WHERE due < now()")
            return cur.fetchall()
