# Negative: Flask views are sync functions; a pooled connection per request is fine there.
import os

from flask import Flask, g, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


def get_db():
    if "db" not in g:
        g.db = pool.getconn()
    return g.db


@app.teardown_appcontext
def release_db(exc):
    conn = g.pop("db", None)
    if conn is not None:
        pool.putconn(conn)


@app.route("/articles/<int:article_id>")
def article(article_id):
    with get_db().cursor() as cur:
        cur.execute("SELECT title, body FROM articles WHERE id = %s", (article_id,))
        title, body = cur.fetchone()
    return jsonify({"title": title, "body": body})
