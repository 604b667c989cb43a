# Authentication helpers: `current_user` takes its own connection from `app.db.connection_pool`.
from fastapi import HTTPException

from app.db import get_db_cursor


def current_user(token):
    with get_db_cursor() as (cur, conn):
        cur.execute(
            "SELECT u.id, u.email, u.is_admin FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = %s",
            (token,),
        )
        row = cur.fetchone()
    if row is None:
        raise HTTPException(status_code=401, detail="invalid token")
    return {"id": row[0], "email": row[1], "is_admin": row[2]}
