# Negative: the narrowed form CL302 asks for: read, leave the block, call the model, then take a new connection to write.
import os
from contextlib import contextmanager

from fastapi import FastAPI
from openai import OpenAI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
client = OpenAI()


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
        conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


@app.post("/articles/{article_id}/summary")
def summarize_article(article_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT body FROM articles WHERE id = %s", (article_id,))
        (body,) = cur.fetchone()

    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Summarize in three sentences:\n{body}"}],
    )
    summary = completion.choices[0].message.content

    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE articles SET summary = %s WHERE id = %s", (summary, article_id))
    return {"id": article_id, "summary": summary}
