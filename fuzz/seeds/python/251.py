# A factory returns the connection to its caller; the caller is analysed instead, and its empty-result path never closes it.
import csv
import sqlite3


def open_db(path):
    conn = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    return conn


def export_orders(db_path, out_path):
    db = open_db(db_path)  # expect: CL101 CL103
    rows = db.execute("SELECT id, customer, total FROM orders").fetchall()
    if not rows:
        return 0
    with open(out_path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    db.close()
    return len(rows)
