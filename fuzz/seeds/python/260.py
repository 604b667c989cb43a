# Negative for CL103: early returns inside a `try` all go through the `finally` that releases.
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/accounts/{account_id}/balance")
def balance(account_id: int):
    conn = pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor()
        cur.execute("SELECT balance, frozen FROM accounts WHERE id = %s", (account_id,))
        row = cur.fetchone()
        if row is None:
            return {"balance": None}
        if row[1]:
            return {"balance": 0, "frozen": True}
        return {"balance": row[0], "frozen": False}
    finally:
        pool.putconn(conn)
