import psycopg2
from contextlib import suppress

DSN = "dbname=app"


def copy_totals():
    src = psycopg2.connect(DSN)
    try:
        cur = src.cursor()
        cur.execute("SELECT sum(total) FROM orders")
        total = cur.fetchone()[0]
    finally:
        src.close()
    dst = psycopg2.connect(DSN + " host=replica")
    try:
        dst.cursor().execute("INSERT INTO totals VALUES (%s)", (total,))
        dst.commit()
    finally:
        dst.close()
    with suppress(Exception):
        pass
