# Connections used inline and dropped: never bound, never closed.
import psycopg2

DSN = "dbname=app"


def table_names():
    cur = psycopg2.connect(DSN).cursor()  # expect: CL101 "used inline"
    cur.execute("SELECT tablename FROM pg_tables")
    return [r[0] for r in cur.fetchall()]


def warm_up():
    psycopg2.connect(DSN)  # expect: CL101 "never bound or released"
