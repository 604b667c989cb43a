# Negative: pools built once at import time, at module level, for every supported library.
import os

import psycopg2
from dbutils.pooled_db import PooledDB
from mysql.connector.pooling import MySQLConnectionPool
from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, text

DATABASE_URL = os.environ["DATABASE_URL"]

connection_pool = ThreadedConnectionPool(10, 100, dsn=DATABASE_URL)
pg_pool = ConnectionPool(DATABASE_URL, min_size=2, max_size=20, open=False)
engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=10, max_overflow=5)
legacy_pool = PooledDB(creator=psycopg2, maxconnections=20, dsn=DATABASE_URL)
mysql_pool = MySQLConnectionPool(pool_name="web", pool_size=10, host="mysql", user="web", database="shop")


def count_users():
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM users")).scalar_one()


def list_products():
    with pg_pool.connection() as conn:
        return conn.execute("SELECT sku, title FROM products").fetchall()
