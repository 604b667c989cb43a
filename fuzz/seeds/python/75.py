# Negative: FastAPI runs plain `def` routes and dependencies in its threadpool, so the sync pool is fine there.
import os
from contextlib import contextmanager

from fastapi import Depends, FastAPI
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])


@contextmanager
def db_cursor():
    conn = pool.getconn()
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cur:
            yield cur
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        pool.putconn(conn)


def get_cursor():
    with db_cursor() as cur:
        yield cur


@app.get("/projects")
def list_projects(cur=Depends(get_cursor)):
    cur.execute("SELECT id, name FROM projects ORDER BY name")
    return cur.fetchall()


@app.post("/projects/{project_id}/archive")
def archive(project_id: int):
    with db_cursor() as cur:
        cur.execute("UPDATE projects SET archived = true WHERE id = %s", (project_id,))
    return {"archived": project_id}


@app.get("/ping")
async def ping():
    return {"pong": True}
