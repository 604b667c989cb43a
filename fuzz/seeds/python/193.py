# Negative: DBUtils' own options, plus extra keywords that PooledDB/PersistentDB pass to the creator.
import os

import psycopg2
import pymysql
from dbutils.persistent_db import PersistentDB
from dbutils.pooled_db import PooledDB

pg_pool = PooledDB(
    creator=psycopg2,
    mincached=2,
    maxcached=5,
    maxshared=0,
    maxconnections=0,
    blocking=True,
    maxusage=10000,
    setsession=["SET TIME ZONE 'UTC'"],
    reset=True,
    failures=None,
    ping=1,
    host=os.environ["PGHOST"],
    dbname="app",
    user="app",
)

# psycopg2-style names go to the creator untouched: PooledDB accepts any extra keyword.
legacy_pool = PooledDB(psycopg2, 5, minconn=2, maxconn=10, dsn=os.environ["LEGACY_DSN"])

mysql_per_thread = PersistentDB(
    creator=pymysql,
    maxusage=1000,
    setsession=["SET autocommit = 1"],
    closeable=False,
    host="mysql",
    user="shop",
    password=os.environ["MYSQL_PASSWORD"],
    database="shop",
)
