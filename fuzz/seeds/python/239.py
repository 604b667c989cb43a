# Negative for CL102: the connection is taken right before a `try` whose `finally` gives it back on every path.
import os

from flask import Flask, abort, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@app.route("/products/<int:product_id>")
def product(product_id):
    conn = pool.getconn()  # expect: CL101
    try:
        cur = conn.cursor()
        cur.execute("SELECT id, name, price FROM products WHERE id = %s", (product_id,))
        row = cur.fetchone()
        if row is None:
            abort(404)
        return jsonify(id=row[0], name=row[1], price=str(row[2]))
    finally:
        pool.putconn(conn)


@app.route("/products/<int:product_id>", methods=["DELETE"])
def delete_product(product_id):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM products WHERE id = %s", (product_id,))
        conn.commit()
    finally:
        pool.putconn(conn)
    return "", 204
