# Negative: test code expecting a connect to fail does not hold a connection.
import psycopg2
import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError


def test_bad_password():
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect("dbname=app password=wrong")


def test_unreachable():
    engine = create_engine("postgresql://app@nowhere/app")
    try:
        engine.connect()
        assert False
    except DBAPIError:
        pass
