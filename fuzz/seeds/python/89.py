# A health check coroutine that imports the module rather than the names.
from fastapi import APIRouter

from app import db

router = APIRouter()


@router.get("/health/db")
async def database_health():
    with db.get_db_cursor() as (cur, _conn):  # expect: CL301
        cur.execute("SELECT 1")
        return {"database": cur.fetchone()[0] == 1}
