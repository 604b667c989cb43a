# Routes that call `current_user()` (which acquires from the same pool) inside their `with get_db_cursor()`, and one that calls it first.
from fastapi import APIRouter, Header

from app import auth
from app.auth import current_user
from app.db import get_db_cursor

router = APIRouter()


@router.get("/projects")
def list_projects(authorization: str = Header()):
    with get_db_cursor() as (cur, conn):
        user = current_user(authorization)  # expect: CL305
        cur.execute("SELECT id, name FROM projects WHERE owner_id = %s", (user["id"],))
        return [{"id": r[0], "name": r[1]} for r in cur.fetchall()]


@router.post("/projects/{project_id}/archive")
def archive_project(project_id: int, authorization: str = Header()):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT owner_id FROM projects WHERE id = %s FOR UPDATE", (project_id,))
        (owner_id,) = cur.fetchone()
        if auth.current_user(authorization)["id"] != owner_id:  # expect: CL305
            return {"archived": False}
        cur.execute("UPDATE projects SET archived = true WHERE id = %s", (project_id,))
    return {"archived": True}


@router.delete("/projects/{project_id}")
def delete_project(project_id: int, authorization: str = Header()):
    user = current_user(authorization)
    with get_db_cursor() as (cur, conn):
        cur.execute("DELETE FROM projects WHERE id = %s AND owner_id = %s", (project_id, user["id"]))
    return {"deleted": project_id}
