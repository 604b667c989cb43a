# Flask checkout that calls a fraud-score API and an order webhook with `requests` while a psycopg_pool connection is held: one finding per call.
import os

import requests
from flask import Flask, jsonify, request
from psycopg_pool import ConnectionPool

app = Flask(__name__)
pool = ConnectionPool(os.environ["DATABASE_URL"], min_size=2, max_size=20)

FRAUD_API = "https://fraud.internal.example.com/score"
WEBHOOK_URL = os.environ["ORDER_WEBHOOK_URL"]


@app.post("/orders")
def create_order():
    payload = request.get_json()
    with pool.connection() as conn:
        score = requests.get(FRAUD_API, params={"email": payload["email"]}, timeout=10).json()  # expect: CL302
        if score["risk"] > 0.8:
            return jsonify({"error": "rejected"}), 402
        row = conn.execute(
            "INSERT INTO orders (email, total) VALUES (%s, %s) RETURNING id",
            (payload["email"], payload["total"]),
        ).fetchone()
        requests.post(WEBHOOK_URL, json={"order_id": row[0]}, timeout=10)  # expect: CL302
    return jsonify({"id": row[0]}), 201


@app.delete("/orders/<int:order_id>")
def cancel_order(order_id):
    with pool.connection() as conn:
        conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = %s", (order_id,))
        requests.request("DELETE", f"{WEBHOOK_URL}/{order_id}", timeout=10)  # expect: CL302
    return "", 204
