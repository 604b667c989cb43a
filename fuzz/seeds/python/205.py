# Negative: dialect options that create_engine forwards to the psycopg2 dialect (executemany_mode, client_encoding).
import os

from sqlalchemy import create_engine

engine = create_engine(
    os.environ["DATABASE_URL"],
    executemany_mode="values_plus_batch",
    client_encoding="utf8",
    pool_size=10,
)
