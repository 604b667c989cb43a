# aiohttp handlers that create pools per request: one used and dropped, one stored on the app each time.
import os

import aiomysql
import aiopg
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/health/db")
async def db_health(request):
    async with aiopg.create_pool(os.environ["PG_DSN"], minsize=1, maxsize=1) as pool:  # expect: CL202
        async with pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT 1")
                (one,) = await cur.fetchone()
    return web.json_response({"ok": one == 1})


@routes.post("/orders")
async def create_order(request):
    body = await request.json()
    request.app["orders_pool"] = await aiomysql.create_pool(  # expect: CL202
        host="orders-db",
        user="shop",
        password=os.environ["ORDERS_DB_PASSWORD"],
        db="orders",
        autocommit=True,
    )
    async with request.app["orders_pool"].acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute(
                "INSERT INTO orders (sku, qty) VALUES (%s, %s)", (body["sku"], body["qty"])
            )
    return web.json_response({"created": True}, status=201)


def make_app():
    app = web.Application()
    app.add_routes(routes)
    return app
