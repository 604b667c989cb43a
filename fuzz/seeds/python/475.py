# Negative: a FastAPI dependency that opens psycopg2, scopes the transaction with `with conn:` and closes in `finally`.
import os

import psycopg2
from fastapi import Depends, FastAPI

app = FastAPI()


def get_conn():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn:
            yield conn
    finally:
        conn.close()


@app.delete("/sessions/{session_id}")
def logout(session_id: str, conn=Depends(get_conn)):
    with conn.cursor() as cur:
        cur.execute("DELETE FROM sessions WHERE id = %s", (session_id,))
    return {"ok": True}
