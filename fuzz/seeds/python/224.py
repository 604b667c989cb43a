# The hand-written helper pattern: `conn.cursor()` runs before the `try`, so if it raises, the connection is never closed.
import os

import psycopg2
from dbutils.pooled_db import PooledDB
from fastapi import APIRouter
from psycopg2.extras import RealDictCursor

router = APIRouter()
db_pool = PooledDB(creator=psycopg2, maxconnections=100, mincached=10, dsn=os.environ["DATABASE_URL"])


def get_db_connection():
    return db_pool.connection()


@router.get("/users")
def list_users():
    conn = get_db_connection()  # expect: CL101 CL102
    cursor = conn.cursor(cursor_factory=RealDictCursor)
    try:
        cursor.execute("SELECT id, email, created_at FROM users ORDER BY id")
        return cursor.fetchall()
    finally:
        cursor.close()
        conn.close()
