# A FastAPI dependency that yields a pooled connection and `close()`s it afterwards: each request uses up a pool slot.
import os

from fastapi import Depends, FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


def get_conn():
    conn = pool.getconn()
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()  # expect: CL104


@app.post("/audit")
def write_audit(event: dict, conn=Depends(get_conn)):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO audit_log (payload) VALUES (%s)", (str(event),))
    return {"ok": True}
