# Negative: pools kept on `self` in `__init__`, on the class in a classmethod, and as a class attribute.
import os

from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, text


class OrderRepository:
    def __init__(self, dsn):
        self.pool = ConnectionPool(dsn, min_size=1, max_size=10)

    def count(self):
        with self.pool.connection() as conn:
            return conn.execute("SELECT count(*) FROM orders").fetchone()[0]


class Database:
    engine = None
    legacy_pool = None

    @classmethod
    def configure(cls, url):
        cls.engine = create_engine(url, pool_size=10)

    @classmethod
    def scalar(cls, sql):
        with cls.engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()


def configure_legacy():
    Database.legacy_pool = ThreadedConnectionPool(1, 5, dsn=os.environ["LEGACY_DSN"])
