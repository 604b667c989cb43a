# asyncpg: a second `pool.acquire()` inside `async with pool.acquire()`, directly and through an async helper; asyncpg waits for a free slot.
import asyncpg
from fastapi import FastAPI

app = FastAPI()
pool = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


async def feature_flags(user_id):
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT flag FROM user_flags WHERE user_id = $1", user_id)
        return {r["flag"] for r in rows}


@app.get("/dashboard/{user_id}")
async def dashboard(user_id: int):
    async with pool.acquire() as conn:
        widgets = await conn.fetch("SELECT * FROM widgets WHERE user_id = $1", user_id)
        flags = await feature_flags(user_id)  # expect: CL305
        return {"widgets": [dict(w) for w in widgets], "flags": sorted(flags)}


@app.post("/transfers")
async def transfer(src: int, dst: int, amount: int):
    async with pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, src)
            async with pool.acquire() as ledger:  # expect: CL305
                await ledger.execute("INSERT INTO ledger (src, dst, amount) VALUES ($1, $2, $3)", src, dst, amount)
            await conn.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, dst)
