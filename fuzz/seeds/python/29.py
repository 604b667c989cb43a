from fastapi import APIRouter

from .db import get_connection, put_connection, connection

router = APIRouter()


@router.get("/users/{user_id}")
async def get_user(user_id: int):
    async with connection() as conn:
        return await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)


@router.get("/users")
async def list_users():
	async with connection() as conn:
		rows = await conn.fetch("SELECT id, name FROM users")
		return [dict(r) for r in rows]
