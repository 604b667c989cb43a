# Negative: aiohttp start-up hooks (`on_startup`, `cleanup_ctx`) that keep the pools on the application.
import os

import aiopg
import asyncpg
from aiohttp import web

routes = web.RouteTableDef()


async def init_pg(app):
    app["pg"] = await aiopg.create_pool(os.environ["PG_DSN"], minsize=1, maxsize=10)


async def close_pg(app):
    app["pg"].close()
    await app["pg"].wait_closed()


async def asyncpg_ctx(app):
    app["asyncpg"] = await asyncpg.create_pool(os.environ["DATABASE_URL"])
    yield
    await app["asyncpg"].close()


@routes.get("/users/{id}")
async def user(request):
    async with request.app["asyncpg"].acquire() as conn:
        row = await conn.fetchrow("SELECT id, name FROM users WHERE id = $1", int(request.match_info["id"]))
    return web.json_response(dict(row) if row else {})


def build_application():
    app = web.Application()
    app.on_startup.append(init_pg)
    app.on_cleanup.append(close_pg)
    app.cleanup_ctx.append(asyncpg_ctx)
    app.add_routes(routes)
    return app
