# A coroutine defined inside a sync factory is still async: the nearest enclosing function decides.
import os
from contextlib import closing

import psycopg2
from aiohttp import web

DSN = os.environ["DATABASE_URL"]


def make_lookup_handler(table):
    async def handler(request):
        key = request.match_info["key"]
        with closing(psycopg2.connect(DSN)) as conn:  # expect: CL301
            with conn.cursor() as cur:
                cur.execute(f"SELECT value FROM {table} WHERE key = %s", (key,))
                row = cur.fetchone()
        if row is None:
            raise web.HTTPNotFound()
        return web.json_response({"key": key, "value": row[0]})

    return handler


app = web.Application()
app.router.add_get("/flags/{key}", make_lookup_handler("feature_flags"))
app.router.add_get("/settings/{key}", make_lookup_handler("settings"))
