# Flask's `g.db` pattern: a new connection for every request, outside the pool.
import psycopg2
from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = psycopg2.connect(app.config["DATABASE_URL"])  # expect: CL201


@app.teardown_request
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()
