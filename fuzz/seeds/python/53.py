from flask import Blueprint, abort, current_app, jsonify, request

from app import database

bp = Blueprint("users", __name__)


@bp.post("/users")
def create_user():
    with database.transaction() as (conn, cur):
        cur.execute("INSERT INTO users (name) VALUES (%s) RETURNING id", (request.json["name"],))
        new_id = cur.fetchone()[0]
    return jsonify(id=new_id), 201


@bp.delete("/users/<int:user_id>")
def delete_user(user_id):
    with database.transaction() as (conn, cur):
        try:
            cur.execute("DELETE FROM users WHERE id = %s", (user_id,))
            if cur.rowcount == 0:
                abort(404)
            conn.commit()
        except LookupError:
            current_app.logger.warning("user %s vanished", user_id)
            abort(404)
    return "", 204


@bp.post("/users/<int:user_id>/disable")
def disable_user(user_id):
    with database.transaction() as (conn, cur):
        cur.execute("UPDATE users SET active = false WHERE id = %s", (user_id,))
    return "", 204
