# FastAPI route that keeps its pooled connection (the whole `with` block) while it waits on an OpenAI completion.
import os
from contextlib import contextmanager

from fastapi import FastAPI, HTTPException
from openai import OpenAI
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
client = OpenAI()


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


@app.post("/articles/{article_id}/summary")
def summarize_article(article_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT id, title, body FROM articles WHERE id = %s", (article_id,))
        article = cur.fetchone()
        if article is None:
            raise HTTPException(status_code=404, detail="article not found")
        completion = client.chat.completions.create(  # expect: CL302
            model="gpt-4o-mini",
            messages=[
                {"role": "system", "content": "Summarize the article in three sentences."},
                {"role": "user", "content": article["body"]},
            ],
        )
        summary = completion.choices[0].message.content
        cur.execute("UPDATE articles SET summary = %s WHERE id = %s", (summary, article_id))
    return {"id": article_id, "summary": summary}


@app.post("/articles/{article_id}/tags")
def tag_article(article_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT body FROM articles WHERE id = %s", (article_id,))
        (body,) = cur.fetchone()
        embedding = client.embeddings.create(model="text-embedding-3-small", input=body)  # expect: CL302
        cur.execute(
            "UPDATE articles SET embedding = %s WHERE id = %s",
            (embedding.data[0].embedding, article_id),
        )
    return {"id": article_id}
