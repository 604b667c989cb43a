# Released through an alias and through a project helper: still taken by hand.
from psycopg2 import pool

db_pool = pool.SimpleConnectionPool(1, 5, dsn="dbname=app")


def put_back(connection):
    db_pool.putconn(connection)


def ping():
    conn = db_pool.getconn()  # expect: CL101 CL102
    c = conn
    c.cursor().execute("SELECT 1")
    put_back(c)


def version():
    conn = db_pool.getconn()  # expect: CL101 "released by hand"
    try:
        cur = conn.cursor()
        cur.execute("SELECT version()")
        return cur.fetchone()[0]
    finally:
        put_back(conn)
