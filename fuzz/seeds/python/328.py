# FastAPI route that opens a second `get_db_cursor()` (same pool) inside the first to write an audit row.
import os
from contextlib import contextmanager

from fastapi import FastAPI
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


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


@app.put("/projects/{project_id}")
def rename_project(project_id: int, name: str, actor_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("UPDATE projects SET name = %s WHERE id = %s RETURNING *", (name, project_id))
        project = cur.fetchone()
        with get_db_cursor() as (audit_cur, audit_conn):  # expect: CL305
            audit_cur.execute(
                "INSERT INTO audit_log (actor_id, action, target) VALUES (%s, 'rename', %s)",
                (actor_id, project_id),
            )
        return project
