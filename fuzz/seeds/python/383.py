# An f-string URL: the scheme is literal, so the pool is known to be PostgreSQL.
import os

from sqlalchemy import create_engine

DB_HOST = os.environ.get("DB_HOST", "db")

engine = create_engine(f"postgresql+psycopg2://app@{DB_HOST}/app", pool_size=5)
