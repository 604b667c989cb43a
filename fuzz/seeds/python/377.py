# A SQLAlchemy engine on PostgreSQL (from the URL scheme) is the project's pool.
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=20, max_overflow=0)
SessionLocal = sessionmaker(bind=engine)
