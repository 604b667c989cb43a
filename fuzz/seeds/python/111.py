# A Flask view that guards a SimpleConnectionPool connection with `conn = None` / `if conn:` but closes it in `finally`.
from flask import Flask, jsonify
from psycopg2 import pool

app = Flask(__name__)
pg_pool = pool.SimpleConnectionPool(1, 10, host="db", dbname="shop", user="shop")


@app.route("/orders/<int:order_id>")
def order_detail(order_id):
    conn = None
    try:
        conn = pg_pool.getconn()  # expect: CL101
        cur = conn.cursor()
        cur.execute("SELECT id, status, total FROM orders WHERE id = %s", (order_id,))
        order = cur.fetchone()
        cur.close()
        return jsonify(order)
    finally:
        if conn:
            conn.close()  # expect: CL104
