# An export script that closes its pooled connection through an alias (`db = conn`).
import csv
import sys

from psycopg2.pool import SimpleConnectionPool

pool = SimpleConnectionPool(1, 2, dsn="dbname=warehouse")


def export_customers(path):
    conn = pool.getconn()  # expect: CL101
    db = conn
    try:
        with db.cursor() as cur, open(path, "w", newline="") as fh:
            cur.execute("SELECT id, name, email FROM customers")
            csv.writer(fh).writerows(cur)
    finally:
        db.close()  # expect: CL104


def main():
    export_customers(sys.argv[1])
    pool.closeall()


if __name__ == "__main__":
    main()
