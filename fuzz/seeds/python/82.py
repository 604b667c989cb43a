# Negative: the sync database work lives in a plain `def` handed to `asyncio.to_thread`.
import asyncio
import os
from contextlib import contextmanager

from fastapi import FastAPI
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@contextmanager
def db_cursor():
    conn = pool.getconn()
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            yield cur
        conn.commit()
    finally:
        pool.putconn(conn)


def load_customer(customer_id):
    with db_cursor() as cur:
        cur.execute("SELECT * FROM customers WHERE id = %s", (customer_id,))
        return cur.fetchone()


@app.get("/customers/{customer_id}")
async def get_customer(customer_id: int):
    return await asyncio.to_thread(load_customer, customer_id)
