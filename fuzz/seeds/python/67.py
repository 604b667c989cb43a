# `getconn()` on a ThreadedConnectionPool inside `async def` routes: when the pool is exhausted the whole loop waits.
import os

from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
db_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/products")
async def list_products(limit: int = 50):
    conn = db_pool.getconn()  # expect: CL101 CL301 "event loop"
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, name, price FROM products ORDER BY id LIMIT %s", (limit,))
            return [dict(zip(("id", "name", "price"), row)) for row in cur.fetchall()]
    finally:
        db_pool.putconn(conn)


@app.post("/products/{product_id}/view")
async def record_view(product_id: int):
    conn = db_pool.getconn()  # expect: CL101 CL301
    try:
        with conn.cursor() as cur:
            cur.execute("UPDATE products SET views = views + 1 WHERE id = %s", (product_id,))
        conn.commit()
    finally:
        db_pool.putconn(conn)
    return {"ok": True}
