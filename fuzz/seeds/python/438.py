# An asyncpg connection put in a ContextVar by an aiohttp middleware that releases it but never resets the variable.
from contextvars import ContextVar

import asyncpg
from aiohttp import web

pool = None
db: ContextVar = ContextVar("db")


async def init_pool(app):
    global pool
    pool = await asyncpg.create_pool("postgresql://app@db/app", max_size=20)
    yield
    await pool.close()


@web.middleware
async def connection_middleware(request, handler):
    conn = await pool.acquire()  # expect: CL101
    try:
        db.set(conn)  # expect: CL204 "never reset"
        return await handler(request)
    finally:
        await pool.release(conn)


async def profile(request):
    row = await db.get().fetchrow("SELECT * FROM profiles WHERE user_id = $1", int(request.match_info["id"]))
    return web.json_response(dict(row))


app = web.Application(middlewares=[connection_middleware])
app.cleanup_ctx.append(init_pool)
app.router.add_get("/profiles/{id}", profile)
