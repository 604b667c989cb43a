# Negative: pools' own context managers (psycopg_pool, DBUtils) and cursors in `with`: none of them is a driver connection's `with`.
import pymysql
from dbutils.pooled_db import PooledDB
from psycopg_pool import ConnectionPool

pg_pool = ConnectionPool("postgresql://app@db/app", min_size=1, max_size=8)
mysql_pool = PooledDB(creator=pymysql, maxconnections=10, host="mysql", user="app", database="legacy")


def pg_tables():
    with pg_pool.connection() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return [row[0] for row in cur.fetchall()]


def legacy_count():
    with mysql_pool.connection() as db:
        cur = db.cursor()
        cur.execute("SELECT count(*) FROM customers")
        return cur.fetchone()[0]
