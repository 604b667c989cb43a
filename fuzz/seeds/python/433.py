# Negative: test code builds engines and pools per test on purpose (pytest fixtures and tests).
import pytest
from psycopg2.pool import SimpleConnectionPool
from sqlalchemy import create_engine, text

from reports import monthly_totals


@pytest.fixture
def engine(postgresql_url):
    engine = create_engine(postgresql_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS sales (month int, total numeric)"))
    yield engine
    engine.dispose()


def test_monthly_totals_empty(engine):
    assert monthly_totals(engine) == []


def test_pool_is_exhausted(postgresql_dsn):
    pool = SimpleConnectionPool(1, 1, dsn=postgresql_dsn)
    try:
        assert pool.maxconn == 1
    finally:
        pool.closeall()
