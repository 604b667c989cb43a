# DBUtils' PooledDB is a sync pool: `pool.connection()` in a coroutine blocks (and waits when `blocking=True` and the pool is full).
import pymysql
from dbutils.pooled_db import PooledDB
from fastapi import FastAPI

app = FastAPI()
pool = PooledDB(creator=pymysql, maxconnections=20, blocking=True, host="mysql", user="shop", database="shop")


@app.get("/stock/{sku}")
async def stock(sku: str):
    with pool.connection() as conn:  # expect: CL301
        cur = conn.cursor()
        cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
        return {"sku": sku, "qty": cur.fetchone()[0]}
