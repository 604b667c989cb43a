# A Starlette endpoint that connects to MySQL with PyMySQL, a sync driver, from a coroutine.
from contextlib import closing

import pymysql
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

MYSQL = {"host": "mysql", "user": "catalog", "password": "secret", "database": "catalog"}


async def categories(request):
    with closing(pymysql.connect(**MYSQL)) as conn:  # expect: CL301
        with conn.cursor() as cur:
            cur.execute("SELECT id, name FROM categories ORDER BY name")
            rows = cur.fetchall()
    return JSONResponse([{"id": r[0], "name": r[1]} for r in rows])


app = Starlette(routes=[Route("/categories", categories)])
