# AsyncOpenAI awaited inside `async with pool.acquire()`: the asyncpg connection waits on the model with the event loop free, but the slot is gone.
import asyncpg
from fastapi import FastAPI
from openai import AsyncOpenAI

app = FastAPI()
client = AsyncOpenAI()
pool: asyncpg.Pool | None = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(dsn="postgresql://app@db/app", min_size=5, max_size=20)


@app.post("/chats/{chat_id}/reply")
async def reply(chat_id: int, text: str):
    async with pool.acquire() as conn:
        history = await conn.fetch("SELECT role, content FROM messages WHERE chat_id = $1 ORDER BY id", chat_id)
        completion = await client.chat.completions.create(  # expect: CL302
            model="gpt-4o",
            messages=[dict(r) for r in history] + [{"role": "user", "content": text}],
        )
        answer = completion.choices[0].message.content
        async with conn.transaction():
            await conn.execute("INSERT INTO messages (chat_id, role, content) VALUES ($1, 'user', $2)", chat_id, text)
            await conn.execute(
                "INSERT INTO messages (chat_id, role, content) VALUES ($1, 'assistant', $2)", chat_id, answer
            )
        return {"answer": answer}
