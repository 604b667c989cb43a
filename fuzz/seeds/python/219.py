# A call between the acquisition and the `try` whose `finally` releases: if that call raises, the slot is lost.
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/reports/{report_id}")
def get_report(report_id: int):
    conn = pool.getconn()  # expect: CL101 CL102
    conn.set_session(readonly=True, autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, title, body FROM reports WHERE id = %s", (report_id,))
            return cur.fetchone()
    finally:
        pool.putconn(conn)


@app.delete("/reports/{report_id}")
def delete_report(report_id: int):
    conn = pool.getconn()  # expect: CL101 CL102
    cur = conn.cursor()
    try:
        cur.execute("DELETE FROM reports WHERE id = %s", (report_id,))
        conn.commit()
    finally:
        cur.close()
        pool.putconn(conn)
    return {"deleted": report_id}
