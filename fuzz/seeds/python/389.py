# The pool module.
import asyncpg


async def make_pool():
    return await asyncpg.create_pool("postgresql://app@db/app")
