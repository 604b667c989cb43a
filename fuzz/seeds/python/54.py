from flask import Blueprint, abort, current_app, jsonify, request

from app import database

bp = Blueprint("users", __name__)


@bp.post("/users")
def create_user():
    conn = database.get_connection()
    cur = conn.cursor()
    try:
        cur.execute("INSERT INTO users (name) VALUES (%s) RETURNING id", (request.json["name"],))
        new_id = cur.fetchone()[0]
    finally:
        database.put_connection(conn)
    return jsonify(id=new_id), 201


@bp.delete("/users/<int:user_id>")
def delete_user(user_id):
    conn = None
    try:
        conn = database.get_connection()
        cur = conn.cursor()
        cur.execute("DELETE FROM users WHERE id = %s", (user_id,))
        if cur.rowcount == 0:
            abort(404)
        conn.commit()
    except LookupError:
        current_app.logger.warning("user %s vanished", user_id)
        abort(404)
    finally:
        if conn is not None:
            database.put_connection(conn)
    return "", 204


@bp.post("/users/<int:user_id>/disable")
def disable_user(user_id):
    conn = database.get_connection()
    cur = conn.cursor()
    try:
        cur.execute("UPDATE users SET active = false WHERE id = %s", (user_id,))
    finally:
        conn.close()
    return "", 204
