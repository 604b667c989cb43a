# Negative: async routes that run the project's guarded context manager in worker threads (cross-file).
import asyncio

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.db import get_db_cursor

router = APIRouter()


def fetch_report(report_id):
    with get_db_cursor(dict_cursor=True) as (cur, _conn):
        cur.execute("SELECT * FROM report_rows WHERE report_id = %s ORDER BY position", (report_id,))
        return cur.fetchall()


def touch_report(report_id):
    with get_db_cursor() as (cur, _conn):
        cur.execute("UPDATE reports SET last_viewed = now() WHERE id = %s", (report_id,))


@router.get("/reports/{report_id}")
async def get_report(report_id: int):
    rows = await asyncio.to_thread(fetch_report, report_id)
    await run_in_threadpool(touch_report, report_id)
    return {"rows": rows}


@router.get("/reports/{report_id}/summary")
def report_summary(report_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, _conn):
        cur.execute("SELECT count(*) AS n, max(updated_at) AS updated FROM report_rows WHERE report_id = %s", (report_id,))
        return cur.fetchone()
