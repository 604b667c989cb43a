# Routes that take connections from the project's acquirer: one closes it (CL104), one uses the project's releaser.
from fastapi import APIRouter
from psycopg2.extras import RealDictCursor

from app.db import get_db_connection, release_db_connection

router = APIRouter()


@router.get("/products")
def list_products():
    conn = get_db_connection()  # expect: CL101
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            cur.execute("SELECT id, sku, name FROM products ORDER BY sku")
            return cur.fetchall()
    finally:
        conn.close()  # expect: CL104


@router.get("/products/count")
def count_products():
    conn = get_db_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM products")
            return {"count": cur.fetchone()[0]}
    finally:
        release_db_connection(conn)
