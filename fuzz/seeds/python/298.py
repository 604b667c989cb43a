# Negative: the guarded forms of every driver: pool context managers, closing `with`s, sessions.
import aiosqlite
import asyncpg
import psycopg
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("postgresql://app@db/app")
pg_pool = ConnectionPool("postgresql://app@db/app")


async def load(pool: asyncpg.Pool, order_id: int):
    async with pool.acquire() as conn:
        return await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)


def settings():
    with pg_pool.connection() as conn:
        return conn.execute("SELECT * FROM settings").fetchall()


def direct(dsn):
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT 1").fetchone()


def counts():
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM users")).scalar()


def rename(user_id, name):
    with Session(engine) as session, session.begin():
        session.execute(text("UPDATE users SET name = :n WHERE id = :i"), {"n": name, "i": user_id})


async def local_cache(path):
    async with aiosqlite.connect(path) as db:
        return await db.execute_fetchall("SELECT * FROM cache")
