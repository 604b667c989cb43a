# Negative: a sync `def` nested in an `async def` and handed to Starlette's `run_in_threadpool`: the nearest function decides.
import os
from contextlib import closing

import pymysql
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.routing import Route

MYSQL = {"host": "mysql", "user": "catalog", "password": os.environ["MYSQL_PASSWORD"], "database": "catalog"}


async def categories(request):
    parent = request.query_params.get("parent")

    def query():
        with closing(pymysql.connect(**MYSQL)) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT id, name FROM categories WHERE parent_id <=> %s ORDER BY name", (parent,))
                return cur.fetchall()

    rows = await run_in_threadpool(query)
    return JSONResponse([{"id": r[0], "name": r[1]} for r in rows])


app = Starlette(routes=[Route("/categories", categories)])
