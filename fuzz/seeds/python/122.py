# Negative: SQLAlchemy connections and raw DBAPI connections go back to the engine's pool on `close()`.
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=10, max_overflow=5)


def get_connection():
    conn = engine.connect()
    try:
        yield conn
    finally:
        conn.close()


def get_raw_connection():
    raw = engine.raw_connection()
    try:
        yield raw
        raw.commit()
    finally:
        raw.close()


@app.get("/plans")
def plans(conn=Depends(get_connection)):
    return [dict(r._mapping) for r in conn.execute(text("SELECT id, name FROM plans"))]


@app.post("/plans/import")
def import_plans(rows: list[dict], raw=Depends(get_raw_connection)):
    with raw.cursor() as cur:
        cur.executemany("INSERT INTO plans (name) VALUES (%(name)s)", rows)
    return {"imported": len(rows)}


@app.get("/healthz")
def healthz():
    engine.connect().close()
    return {"ok": True}
