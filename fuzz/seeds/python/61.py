# An aiohttp handler reading a local SQLite file with the sync `sqlite3` module.
import sqlite3
from contextlib import closing

from aiohttp import web

DB_PATH = "/var/lib/shortener/links.db"
routes = web.RouteTableDef()


@routes.get("/r/{slug}")
async def redirect(request: web.Request) -> web.Response:
    slug = request.match_info["slug"]
    with closing(sqlite3.connect(DB_PATH)) as db:  # expect: CL301
        row = db.execute("SELECT target FROM links WHERE slug = ?", (slug,)).fetchone()
        db.execute("UPDATE links SET hits = hits + 1 WHERE slug = ?", (slug,))
        db.commit()
    if row is None:
        raise web.HTTPNotFound()
    raise web.HTTPFound(row[0])


app = web.Application()
app.add_routes(routes)
