# Negative: `with engine.connect().execution_options(...)` closes the same connection; `connect().close()` probes.
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://app@db/app")


def refresh_views():
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals"))


def database_is_up():
    engine.connect().close()
    return True
