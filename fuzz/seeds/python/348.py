# Negative: the route passes its own cursor to `current_user(cur, token)`: one connection per request.
from flask import Blueprint, abort, jsonify, request

from app.auth import current_user
from app.db import get_db_cursor

bp = Blueprint("projects", __name__)


@bp.get("/projects")
def list_projects():
    with get_db_cursor() as (cur, conn):
        user = current_user(cur, request.headers.get("Authorization", ""))
        if user is None:
            abort(401)
        cur.execute("SELECT id, name FROM projects WHERE owner_id = %s", (user["id"],))
        return jsonify(cur.fetchall())
