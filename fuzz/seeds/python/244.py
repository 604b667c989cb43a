# A command-line import script: the sqlite3 connection is closed only if reading the CSV and every insert succeed.
import csv
import sqlite3
import sys


def main(path, db_path="inventory.db"):
    db = sqlite3.connect(db_path)  # expect: CL101 CL102
    with open(path, newline="") as f:
        rows = [(r["sku"], int(r["qty"])) for r in csv.DictReader(f)]
    db.executemany("INSERT INTO stock (sku, qty) VALUES (?, ?)", rows)
    db.commit()
    db.close()
    print(f"imported {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
