# Negative: a FastAPI dependency that yields a session (or a cursor) and closes it in `finally`.
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql://app@db/app")
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def get_cursor():
    conn = engine.raw_connection()  # expect: CL102
    cur = conn.cursor()
    try:
        yield cur
    finally:
        cur.close()
        conn.close()


@app.get("/items")
def read_items(db: Session = Depends(get_db)):
    return db.execute("SELECT * FROM items").all()
