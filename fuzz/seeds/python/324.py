# Flask: `current_user()` takes its own `get_db_cursor()`, and views call it while they hold one from the same pool.
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


def current_user(token):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute(
            "SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = %s AND s.expires > now()",
            (token,),
        )
        return cur.fetchone()


def require_admin(token):
    user = current_user(token)
    if user is None or not user["is_admin"]:
        abort(403)
    return user


@app.get("/projects")
def list_projects():
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        user = current_user(request.headers["Authorization"])  # expect: CL305
        cur.execute("SELECT * FROM projects WHERE owner_id = %s", (user["id"],))
        return jsonify(cur.fetchall())


@app.delete("/projects/<int:project_id>")
def delete_project(project_id):
    with get_db_cursor() as (cur, conn):
        require_admin(request.headers["Authorization"])  # expect: CL305
        cur.execute("DELETE FROM projects WHERE id = %s", (project_id,))
    return "", 204
