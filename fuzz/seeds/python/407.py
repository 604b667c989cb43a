# A FastAPI websocket handler that opens an AsyncConnectionPool for each connected client.
import os

from fastapi import FastAPI, WebSocket
from psycopg_pool import AsyncConnectionPool

app = FastAPI()
DATABASE_URL = os.environ["DATABASE_URL"]


@app.websocket("/ws/prices")
async def prices(websocket: WebSocket):
    await websocket.accept()
    async with AsyncConnectionPool(DATABASE_URL, min_size=1, max_size=2, open=False) as pool:  # expect: CL202
        async with pool.connection() as conn:
            cur = await conn.execute("SELECT symbol, price FROM latest_prices ORDER BY symbol")
            rows = await cur.fetchall()
    await websocket.send_json([{"symbol": s, "price": float(p)} for s, p in rows])
    await websocket.close()
