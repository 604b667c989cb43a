# A MySQL connect bypasses the PooledDB; a PostgreSQL one talks to another database.
from contextlib import closing

import psycopg2
import pymysql


def mysql_rows():
    with closing(pymysql.connect(host="db", user="app", database="shop")) as conn:  # expect: CL201
        return conn.cursor().execute("SELECT 1")


def warehouse_rows(dsn):
    with closing(psycopg2.connect(dsn)) as conn:
        return conn.cursor().execute("SELECT 1")
