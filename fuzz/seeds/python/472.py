# Negative: `async with aiosqlite.connect(...)` closes the database at the end of the block.
import aiosqlite
from fastapi import FastAPI

app = FastAPI()
DB_PATH = "/var/lib/links/links.db"


@app.get("/links/{slug}")
async def resolve(slug: str):
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT url FROM links WHERE slug = ?", (slug,)) as cur:
            row = await cur.fetchone()
    return {"url": row[0] if row else None}
