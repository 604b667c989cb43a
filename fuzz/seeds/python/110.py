# FastAPI routes that take connections from a ThreadedConnectionPool and `close()` them instead of `putconn()`.
import os

from fastapi import FastAPI, HTTPException
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
db_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@app.get("/users")
def list_users():
    conn = db_pool.getconn()  # expect: CL101
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute("SELECT id, email FROM users ORDER BY id")
            return cur.fetchall()
    finally:
        conn.close()  # expect: CL104 "putconn"


@app.get("/users/{user_id}")
def get_user(user_id: int):
    conn = db_pool.getconn()  # expect: CL101
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
            row = cur.fetchone()
    finally:
        conn.close()  # expect: CL104
    if row is None:
        raise HTTPException(status_code=404, detail="user not found")
    return row
