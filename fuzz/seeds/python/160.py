# Negative: the webhook payload and the model answer are fetched before the connection is taken.
import os
from contextlib import contextmanager

import requests
from flask import Flask, jsonify, request
from openai import OpenAI
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
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


@app.post("/repos/<owner>/<name>/import")
def import_repo(owner, name):
    repo = requests.get(f"https://api.github.com/repos/{owner}/{name}", timeout=10).json()
    with get_db_cursor() as (cur, conn):
        cur.execute(
            "INSERT INTO repos (full_name, stars) VALUES (%s, %s)", (repo["full_name"], repo["stargazers_count"])
        )
    return jsonify({"imported": repo["full_name"]})


@app.post("/questions")
def ask():
    question = request.get_json()["question"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
    )
    answer = completion.choices[0].message.content
    with get_db_cursor() as (cur, conn):
        cur.execute("INSERT INTO answers (question, answer) VALUES (%s, %s)", (question, answer))
    return jsonify({"answer": answer})
