# Misspelt create_engine options: SQLAlchemy raises "Invalid argument(s) ... sent to create_engine()".
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(
    os.environ["DATABASE_URL"],
    pool_sise=20,  # expect: CL203
    max_overflows=10,  # expect: CL203
    pool_pre_ping=True,
)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
