# A report module opening its own psycopg2 connection next to the project's pool.
import csv

import psycopg2

from app.config import DSN


def export_orders(path):
    conn = psycopg2.connect(DSN)  # expect: CL101 CL201 "bypassing the pool owned by `app.db`"
    try:
        with conn.cursor() as cur, open(path, "w") as f:
            cur.execute("SELECT * FROM orders")
            csv.writer(f).writerows(cur)
    finally:
        conn.close()
