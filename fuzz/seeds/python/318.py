# A SQLAlchemy session created by hand in a script-style function and closed in `finally`.
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from models import User

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=10)
SessionLocal = sessionmaker(bind=engine)


def deactivate(user_id):
    session = SessionLocal()  # expect: CL101
    try:
        user = session.get(User, user_id)
        user.active = False
        session.commit()
    finally:
        session.close()


def report():
    conn = engine.connect()  # expect: CL101 CL102
    result = conn.execute(select(User)).all()
    conn.close()
    return result
