# `async def` routes using the project's guarded context manager and acquirer over a sync pool (cross-file).
from fastapi import APIRouter, HTTPException

from app.db import get_db_connection, get_db_cursor, release_db_connection

router = APIRouter()


@router.get("/users")
async def list_users():
    with get_db_cursor(dict_cursor=True) as (cur, conn):  # expect: CL301 "event loop"
        cur.execute("SELECT id, email FROM users ORDER BY id")
        users = cur.fetchall()
        cur.execute("SELECT count(*) AS n FROM users")
        total = cur.fetchone()["n"]
    return {"users": users, "total": total}


@router.get("/users/{user_id}")
async def get_user(user_id: int):
    conn = get_db_connection()  # expect: CL101 CL301 "exhausted"
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
            row = cur.fetchone()
    finally:
        release_db_connection(conn)
    if row is None:
        raise HTTPException(status_code=404)
    return {"id": row[0], "email": row[1]}


@router.delete("/users/{user_id}")
def delete_user(user_id: int):
    # Negative: a sync `def` route runs in FastAPI's threadpool.
    with get_db_cursor() as (cur, conn):
        cur.execute("DELETE FROM users WHERE id = %s", (user_id,))
    return {"deleted": user_id}
