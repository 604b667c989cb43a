# Negative: DBUtils PooledDB connections go back to the pool on `close()`: that is the correct release there.
from contextlib import contextmanager

import pymysql
from dbutils.pooled_db import PooledDB
from flask import Flask, g, jsonify

app = Flask(__name__)
pool = PooledDB(creator=pymysql, maxconnections=20, mincached=2, blocking=True, host="db", user="shop", database="shop")


@contextmanager
def mysql_connection():
    conn = pool.connection()
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def get_db():
    if "db" not in g:
        g.db = pool.connection()
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/stock/<sku>")
def stock(sku):
    cur = get_db().cursor()
    cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
    return jsonify({"sku": sku, "qty": cur.fetchone()[0]})


@app.post("/stock/<sku>/reserve")
def reserve(sku):
    with mysql_connection() as conn:
        cur = conn.cursor()
        cur.execute("UPDATE stock SET qty = qty - 1 WHERE sku = %s AND qty > 0", (sku,))
        reserved = cur.rowcount == 1
    return jsonify({"reserved": reserved})


def restock_report():
    with pool.connection() as conn:
        cur = conn.cursor()
        cur.execute("SELECT sku FROM stock WHERE qty < 5")
        return [row[0] for row in cur.fetchall()]
