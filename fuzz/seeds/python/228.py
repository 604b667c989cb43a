# Negative for CL102: a @contextmanager and a FastAPI dependency that yield inside try/finally.
import os
from contextlib import contextmanager

from fastapi import Depends, FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@contextmanager
def get_db_cursor(commit=False):
    conn = pool.getconn()
    try:
        cur = conn.cursor()
        yield cur
        if commit:
            conn.commit()
    finally:
        pool.putconn(conn)


def get_conn():
    conn = pool.getconn()
    try:
        yield conn
    finally:
        pool.putconn(conn)


@app.get("/tags")
def tags(conn=Depends(get_conn)):
    with conn.cursor() as cur:
        cur.execute("SELECT name FROM tags ORDER BY name")
        return [r[0] for r in cur.fetchall()]


def tag_count():
    with get_db_cursor() as cur:
        cur.execute("SELECT count(*) FROM tags")
        return cur.fetchone()[0]
