# Negative for CL103: connections stored on Flask's `g` or on `self` belong to their owner.
import sqlite3

import psycopg2
from flask import Flask, g

app = Flask(__name__)
app.config["DATABASE"] = "/var/lib/app/app.db"


def get_db():
    if "db" not in g:
        conn = sqlite3.connect(app.config["DATABASE"])
        g.db = conn
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


class ShardRouter:
    def __init__(self, dsns):
        self.dsns = dsns
        self.primary = None
        self.replica = None

    def connect_primary(self):
        conn = psycopg2.connect(self.dsns["primary"])
        self.primary = conn

    def connect_replica(self):
        dsn = self.dsns.get("replica", self.dsns["primary"])
        replica = psycopg2.connect(dsn)
        self.replica = replica
