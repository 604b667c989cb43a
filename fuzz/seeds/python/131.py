# Negative: a project acquirer that hands out SQLAlchemy's pooled DBAPI connections (close() returns them to the engine).
import os

from sqlalchemy import create_engine

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5, max_overflow=10, pool_pre_ping=True)


def get_raw_connection():
    return engine.raw_connection()
