# Routes using the wrapper with `async with`: the blocking call is reported once, inside the wrapper, not here.
from fastapi import APIRouter, Depends

from app.deps import db_cursor, get_cursor

router = APIRouter()


@router.get("/teams")
async def list_teams():
    async with db_cursor() as cur:
        cur.execute("SELECT id, name FROM teams ORDER BY name")
        return cur.fetchall()


@router.get("/teams/{team_id}")
async def get_team(team_id: int, cur=Depends(get_cursor)):
    cur.execute("SELECT id, name FROM teams WHERE id = %s", (team_id,))
    return cur.fetchone()
