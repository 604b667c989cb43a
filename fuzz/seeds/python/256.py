# A `match` over the webhook type: the "ping" case returns before the connection is given back.
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.post("/webhooks/payments")
def payment_webhook(event: dict):
    conn = pool.getconn()  # expect: CL101 CL103
    cur = conn.cursor()
    match event.get("type"):
        case "ping":
            return {"pong": True}
        case "payment.succeeded":
            cur.execute("UPDATE payments SET status = 'paid' WHERE id = %s", (event["id"],))
        case "payment.failed":
            cur.execute("UPDATE payments SET status = 'failed' WHERE id = %s", (event["id"],))
        case _:
            pass
    conn.commit()
    pool.putconn(conn)
    return {"ok": True}
