# A FastAPI route that opens psycopg2 by hand and wraps the work in `with conn:`: committed, never closed.
import os

import psycopg2
from fastapi import FastAPI

app = FastAPI()


@app.post("/accounts/{account_id}/credit")
def credit(account_id: int, amount: int):
    conn = psycopg2.connect(os.environ["DATABASE_URL"])  # expect: CL101 CL103
    with conn:  # expect: CL105
        with conn.cursor() as cur:
            cur.execute(
                "UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                (amount, account_id),
            )
            balance = cur.fetchone()[0]
    return {"balance": balance}
