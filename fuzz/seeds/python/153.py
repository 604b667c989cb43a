# Negative: slow calls inside a nested `def` and a `lambda` defined in the block but run after it, or by FastAPI after the response.
import os
from contextlib import contextmanager

import requests
from fastapi import BackgroundTasks, FastAPI
from psycopg2.pool import ThreadedConnectionPool

app = FastAPI()
connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
SLACK_HOOK = os.environ["SLACK_HOOK"]


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
        conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


def notify_slack(text):
    requests.post(SLACK_HOOK, json={"text": text}, timeout=10)


@app.post("/incidents")
def open_incident(title: str, background_tasks: BackgroundTasks):
    with get_db_cursor() as (cur, conn):
        cur.execute("INSERT INTO incidents (title) VALUES (%s) RETURNING id", (title,))
        (incident_id,) = cur.fetchone()
        background_tasks.add_task(notify_slack, f"Incident {incident_id} opened: {title}")
    return {"id": incident_id}


def close_incidents(ids):
    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE incidents SET closed = true WHERE id = ANY(%s) RETURNING id, title", (ids,))
        closed = cur.fetchall()

        def announce():
            for incident_id, title in closed:
                requests.post(SLACK_HOOK, json={"text": f"Incident {incident_id} closed: {title}"}, timeout=10)

        ping = lambda: requests.get(f"{SLACK_HOOK}/health", timeout=2)
    announce()
    ping()
    return len(closed)
