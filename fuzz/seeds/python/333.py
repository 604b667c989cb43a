# Negative: the helpers take the cursor (or connection) the caller already holds instead of acquiring their own.
import os
from contextlib import contextmanager

from flask import Flask, abort, jsonify, request
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
connection_pool = ThreadedConnectionPool(5, 50, dsn=os.environ["DATABASE_URL"])


@contextmanager
def get_db_cursor(dict_cursor=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor(cursor_factory=RealDictCursor if dict_cursor else None)
        yield cursor, conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


def current_user(cur, token):
    cur.execute("SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = %s", (token,))
    return cur.fetchone()


def write_audit(conn, action, target):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO audit (action, target) VALUES (%s, %s)", (action, target))


@app.delete("/projects/<int:project_id>")
def delete_project(project_id):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        user = current_user(cur, request.headers["Authorization"])
        if user is None:
            abort(401)
        cur.execute("DELETE FROM projects WHERE id = %s AND owner_id = %s", (project_id, user["id"]))
        write_audit(conn, "delete-project", project_id)
    return jsonify({"deleted": project_id})
