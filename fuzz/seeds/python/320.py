# `with conn:` on psycopg2 only ends the transaction; the connection stays open.
import psycopg2


def transfer(dsn, src, dst, amount):
    conn = psycopg2.connect(dsn)  # expect: CL101 "never released" CL103
    with conn:  # expect: CL105
        with conn.cursor() as cur:
            cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, src))
            cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, dst))
