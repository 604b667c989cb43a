# Negative: an aiohttp handler hands a named sync function to `loop.run_in_executor`.
import asyncio
import sqlite3
from contextlib import closing

from aiohttp import web

DB_PATH = "/var/lib/shortener/links.db"


def resolve(slug):
    with closing(sqlite3.connect(DB_PATH)) as db:
        with db:
            row = db.execute("SELECT target FROM links WHERE slug = ?", (slug,)).fetchone()
            db.execute("UPDATE links SET hits = hits + 1 WHERE slug = ?", (slug,))
    return row[0] if row else None


async def redirect(request: web.Request) -> web.Response:
    loop = asyncio.get_running_loop()
    target = await loop.run_in_executor(None, resolve, request.match_info["slug"])
    if target is None:
        raise web.HTTPNotFound()
    raise web.HTTPFound(target)


app = web.Application()
app.router.add_get("/r/{slug}", redirect)
