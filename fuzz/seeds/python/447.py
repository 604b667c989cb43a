# Negative: Flask's `g` is per request (the app context), not per thread; the connection goes back at teardown.
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


@app.route("/tags")
def tags():
    with get_db().cursor() as cur:
        cur.execute("SELECT name FROM tags ORDER BY name")
        return jsonify([r[0] for r in cur.fetchall()])
