# Negative: the helper that takes its own connection is called after the `with` block has given the first one back.
import os
from contextlib import contextmanager

from flask import Flask, jsonify, request
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
        cur.execute("SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = %s", (token,))
        return cur.fetchone()


@app.get("/projects")
def list_projects():
    user = current_user(request.headers["Authorization"])
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT * FROM projects WHERE owner_id = %s", (user["id"],))
        projects = cur.fetchall()
    owner = current_user(request.headers["Authorization"])
    return jsonify({"owner": owner["email"], "projects": projects})
