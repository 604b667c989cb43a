# Negative: a pytest conftest creating the test database directly.
from contextlib import closing

import psycopg2
import pytest


@pytest.fixture(scope="session")
def database():
    with closing(psycopg2.connect("dbname=postgres")) as conn:
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE app_test")
    yield "dbname=app_test"
