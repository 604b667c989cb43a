# aiohttp handlers all run on one thread: a thread-local "per request" connection is shared by every concurrent task.
import os
import threading
import uuid

from aiohttp import web
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])
_request = threading.local()


@web.middleware
async def db_middleware(request, handler):
    _request.id = uuid.uuid4().hex
    _request.conn = pool.getconn()  # expect: CL204 CL301
    return await handler(request)


async def transfer(request):
    body = await request.json()
    conn = _request.conn
    with conn.cursor() as cur:
        cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (body["amount"], body["from"]))
        cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (body["amount"], body["to"]))
    conn.commit()
    return web.json_response({"ok": True, "request": _request.id})


app = web.Application(middlewares=[db_middleware])
app.router.add_post("/transfer", transfer)
