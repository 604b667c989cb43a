# Negative: a FastAPI dependency built on the project's raw-connection helper, closed the SQLAlchemy way.
import io

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from app.database import get_raw_connection

router = APIRouter()


def raw_connection():
    conn = get_raw_connection()
    try:
        yield conn
    finally:
        conn.close()


@router.get("/export/users.csv", response_class=PlainTextResponse)
def export_users(conn=Depends(raw_connection)):
    buf = io.StringIO()
    with conn.cursor() as cur:
        cur.copy_expert("COPY users TO STDOUT WITH CSV HEADER", buf)
    return buf.getvalue()
