# Negative: the Flask tutorial pattern: one connection per request on `g`, closed at teardown; `with get_db():` is a transaction.
import sqlite3

from flask import Flask, g, jsonify

app = Flask(__name__)
DATABASE = "/var/lib/blog/blog.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.post("/posts/<int:post_id>/like")
def like(post_id):
    with get_db() as db:
        db.execute("UPDATE posts SET likes = likes + 1 WHERE id = ?", (post_id,))
    return jsonify({"liked": post_id})
