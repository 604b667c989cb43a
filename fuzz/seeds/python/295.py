# Negative: factories that hand the connection to their caller (returned, possibly after setup).
import psycopg2
import sqlite3

DSN = "dbname=app"


def get_connection():
    return psycopg2.connect(DSN)


def get_autocommit_connection():
    conn = psycopg2.connect(DSN)
    conn.autocommit = True
    return conn


def open_readonly(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn, conn.cursor()


make_conn = lambda: psycopg2.connect(DSN)
