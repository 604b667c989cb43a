# A FastAPI route that puts a fresh async engine on `app.state` on every request (the old one is never disposed).
from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

router = APIRouter(prefix="/stats")


@router.get("/signups")
async def signups(request: Request, days: int = 7):
    settings = request.app.state.settings
    request.app.state.engine = create_async_engine(settings.database_url, pool_size=10)  # expect: CL202
    async with request.app.state.engine.connect() as conn:
        result = await conn.execute(
            text("SELECT count(*) FROM users WHERE created_at > now() - make_interval(days => :d)"),
            {"d": days},
        )
        count = result.scalar_one()
    return {"days": days, "signups": count}
