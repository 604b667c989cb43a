# A CLI tool importing `sqlite3 as lite`: `with lite.connect(...) as con:` leaves the database file open.
import argparse
import sqlite3 as lite


def count_rows(path, table):
    with lite.connect(path) as con:  # expect: CL105
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description="Count the rows of a table")
    parser.add_argument("db")
    parser.add_argument("table")
    args = parser.parse_args()
    print(count_rows(args.db, args.table))


if __name__ == "__main__":
    main()
