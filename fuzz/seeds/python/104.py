# A websocket handler querying a sync pool for every message: one finding per acquisition, not per query.
import os

from fastapi import FastAPI, WebSocket
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


@app.websocket("/ws/prices")
async def prices(websocket: WebSocket):
    await websocket.accept()
    while True:
        symbol = await websocket.receive_text()
        conn = pool.getconn()  # expect: CL101 CL301
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT price FROM quotes WHERE symbol = %s", (symbol,))
                price = cur.fetchone()
                cur.execute("SELECT avg(price) FROM quotes_history WHERE symbol = %s", (symbol,))
                average = cur.fetchone()
        finally:
            pool.putconn(conn)
        await websocket.send_json({"symbol": symbol, "price": price[0], "avg": average[0]})
