# Negative: MySQL and aiopg/aiomysql pools with the options their libraries accept.
import os

import aiomysql
import aiopg
from mysql.connector.pooling import MySQLConnectionPool

mysql_pool = MySQLConnectionPool(
    pool_name="web",
    pool_size=10,
    pool_reset_session=True,
    host="mysql",
    user="web",
    password=os.environ["MYSQL_PASSWORD"],
    database="shop",
)


async def init_pools(app):
    app["pg"] = await aiopg.create_pool(os.environ["PG_DSN"], minsize=1, maxsize=10, timeout=60.0)
    app["mysql"] = await aiomysql.create_pool(
        host="mysql",
        port=3306,
        user="web",
        password=os.environ["MYSQL_PASSWORD"],
        db="shop",
        minsize=1,
        maxsize=10,
        autocommit=True,
        pool_recycle=3600,
    )
