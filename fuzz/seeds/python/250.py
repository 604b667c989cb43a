# An early `return` inside a `try` without `finally`: the handler releases on errors, the not-found path returns with the connection.
import os

from fastapi import FastAPI
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/customers/{customer_id}")
def get_customer(customer_id: int):
    conn = pool.getconn()  # expect: CL101 CL103
    try:
        cur = conn.cursor(cursor_factory=RealDictCursor)
        cur.execute("SELECT * FROM customers WHERE id = %s", (customer_id,))
        row = cur.fetchone()
        if row is None:
            return {"error": "not found"}
        pool.putconn(conn)
        return row
    except Exception:
        pool.putconn(conn)
        raise
