# `conn = conn.execution_options(...)` hands back the same connection: not a reassignment.
from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=5)


def vacuum(table):
    conn = engine.connect()  # expect: CL101
    try:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text(f"VACUUM {table}"))
    finally:
        conn.close()


def reindex(table):
    conn = engine.connect()  # expect: CL101 CL103 "assigned again"
    conn = engine.connect()  # expect: CL101 CL305
    try:
        conn.execute(text(f"REINDEX TABLE {table}"))
    finally:
        conn.close()
