from fastapi import APIRouter

from .db import get_connection, put_connection

router = APIRouter()


@router.get("/users/{user_id}")
async def get_user(user_id: int):
    conn = await get_connection()
    try:
        return await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)
    finally:
        await put_connection(conn)


@router.get("/users")
async def list_users():
	conn = await get_connection()
	try:
		rows = await conn.fetch("SELECT id, name FROM users")
		return [dict(r) for r in rows]
	finally:
		await put_connection(conn)
