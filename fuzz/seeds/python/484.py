# The connection as the second item of a `with`: `with open(...) as fh, psycopg2.connect(...) as conn:`.
import csv

import psycopg2


def import_prices(csv_path, dsn):
    with open(csv_path, newline="") as fh, psycopg2.connect(dsn) as conn:  # expect: CL105
        with conn.cursor() as cur:
            for sku, price in csv.reader(fh):
                cur.execute("UPDATE products SET price = %s WHERE sku = %s", (price, sku))
