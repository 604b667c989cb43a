# Negative: SQLAlchemy's `with engine.connect()`, `with engine.begin()` and `with Session(...)` release the connection.
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=5)


def active_users():
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM users WHERE active")).scalars().all()


def deactivate(user_id):
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET active = false WHERE id = :id"), {"id": user_id})


def rename(user_id, name):
    with Session(engine) as session, session.begin():
        session.execute(text("UPDATE users SET name = :n WHERE id = :id"), {"n": name, "id": user_id})
