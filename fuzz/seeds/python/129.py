# Negative: views that use the guarded context manager, and a per-request connection given back through the releaser.
from flask import Blueprint, g, jsonify

from app.db import get_db_connection, get_db_cursor, release_db_connection

bp = Blueprint("accounts", __name__)


@bp.before_app_request
def borrow_connection():
    g.conn = get_db_connection()


@bp.teardown_app_request
def give_back_connection(exc):
    conn = g.pop("conn", None)
    if conn is not None:
        release_db_connection(conn, broken=exc is not None)


@bp.get("/accounts")
def accounts():
    with get_db_cursor(dict_cursor=True) as (cur, _conn):
        cur.execute("SELECT id, name FROM accounts ORDER BY name")
        return jsonify(cur.fetchall())


@bp.get("/accounts/count")
def account_count():
    with g.conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM accounts")
        return jsonify({"count": cur.fetchone()[0]})
