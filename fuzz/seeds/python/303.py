# A fresh connection handed to a project helper that uses it but never closes it.
import psycopg2

DSN = "dbname=analytics"


def run_query(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def daily_totals():
    return run_query(psycopg2.connect(DSN), "SELECT day, sum(total) FROM sales GROUP BY day")  # expect: CL101 "passed to `run_query`"
