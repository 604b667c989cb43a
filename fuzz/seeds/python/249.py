# A Flask view whose validation branch returns an error response before the connection is put back.
import os

from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@app.route("/coupons/<code>/redeem", methods=["POST"])
def redeem(code):
    conn = pool.getconn()  # expect: CL101 CL103
    cur = conn.cursor()
    cur.execute("SELECT id, used FROM coupons WHERE code = %s", (code,))
    coupon = cur.fetchone()
    if coupon is None or coupon[1]:
        return jsonify(error="invalid coupon"), 400
    cur.execute("UPDATE coupons SET used = true WHERE id = %s", (coupon[0],))
    conn.commit()
    pool.putconn(conn)
    return jsonify(ok=True)
