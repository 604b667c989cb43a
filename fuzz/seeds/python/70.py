# Negative: the aio* drivers (aiopg, aiomysql, aiosqlite) in aiohttp handlers.
import aiomysql
import aiopg
import aiosqlite
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/pg/{id}")
async def pg_item(request):
    pool: aiopg.Pool = request.app["pg"]
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("SELECT name FROM items WHERE id = %s", (request.match_info["id"],))
            row = await cur.fetchone()
    return web.json_response({"name": row[0]})


@routes.get("/mysql/{sku}")
async def mysql_stock(request):
    pool: aiomysql.Pool = request.app["mysql"]
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("SELECT qty FROM stock WHERE sku = %s", (request.match_info["sku"],))
            (qty,) = await cur.fetchone()
    return web.json_response({"qty": qty})


@routes.get("/cache/{key}")
async def cached(request):
    async with aiosqlite.connect("/var/cache/app/cache.db") as db:
        async with db.execute("SELECT value FROM cache WHERE key = ?", (request.match_info["key"],)) as cur:
            row = await cur.fetchone()
    return web.json_response({"value": row[0] if row else None})


async def init_pools(app):
    app["pg"] = await aiopg.create_pool("dbname=app user=app host=db")
    app["mysql"] = await aiomysql.create_pool(host="mysql", user="shop", db="shop")
    yield
    app["pg"].close()
    app["mysql"].close()
    await app["pg"].wait_closed()
    await app["mysql"].wait_closed()


app = web.Application()
app.add_routes(routes)
app.cleanup_ctx.append(init_pools)
