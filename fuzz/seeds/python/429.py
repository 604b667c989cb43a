# Negative: blueprint routes that borrow connections from the pool built by the app factory.
from flask import Blueprint, current_app, jsonify

bp = Blueprint("orders", __name__, url_prefix="/orders")


def pool():
    return current_app.extensions["db"]


@bp.route("/<int:order_id>")
def show(order_id):
    with pool().connection() as conn:
        row = conn.execute("SELECT id, status FROM orders WHERE id = %s", (order_id,)).fetchone()
    return jsonify(id=row[0], status=row[1]) if row else ("", 404)


@bp.route("/", methods=["POST"])
def create():
    with pool().connection() as conn:
        (order_id,) = conn.execute("INSERT INTO orders DEFAULT VALUES RETURNING id").fetchone()
    return jsonify(id=order_id), 201
