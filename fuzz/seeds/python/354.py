# A route holding `get_db_cursor()` while it calls `can_edit()`, which acquires from the same pool three calls down.
from fastapi import APIRouter, HTTPException

from app.db import get_db_cursor
from app.services.permissions import can_edit, role_rank

router = APIRouter()


@router.put("/documents/{document_id}")
def update_document(document_id: int, user_id: int, body: str):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT id FROM documents WHERE id = %s FOR UPDATE", (document_id,))
        if cur.fetchone() is None:
            raise HTTPException(status_code=404)
        if not can_edit(user_id, document_id):  # expect: CL305
            raise HTTPException(status_code=403)
        cur.execute("UPDATE documents SET body = %s WHERE id = %s", (body, document_id))
    return {"id": document_id}


@router.get("/documents/{document_id}/rank")
def rank(document_id: int, role: str):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT title FROM documents WHERE id = %s", (document_id,))
        (title,) = cur.fetchone()
        return {"title": title, "rank": role_rank(role)}
