# Routes taking connections through the project's acquirer: an early return and a borrowing helper leak (CL103).
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.db import fetch_one, get_db_connection, release_db_connection

router = APIRouter()


@router.get("/users/{user_id}")
def get_user(user_id: int):
    conn = get_db_connection()  # expect: CL101 CL103
    row = fetch_one(conn, "SELECT id, email FROM users WHERE id = %s", (user_id,))
    if row is None:
        return JSONResponse(status_code=404, content={"detail": "user not found"})
    release_db_connection(conn)
    return {"id": row[0], "email": row[1]}


@router.get("/users/count")
def user_count():
    conn = get_db_connection()  # expect: CL101 CL103
    return {"count": fetch_one(conn, "SELECT count(*) FROM users")[0]}


@router.get("/users/{user_id}/email")
def user_email(user_id: int):
    conn = get_db_connection()  # expect: CL101
    try:
        row = fetch_one(conn, "SELECT email FROM users WHERE id = %s", (user_id,))
        return {"email": row[0] if row else None}
    finally:
        release_db_connection(conn)
