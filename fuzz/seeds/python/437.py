# `import threading as th` and a DBUtils pooled connection: the per-thread cache still hides the connection from the pool.
import threading as th

import pymysql
from dbutils.pooled_db import PooledDB

pool = PooledDB(creator=pymysql, maxconnections=20, host="mysql", user="shop", database="shop")
_ctx = th.local()


def shop_db():
    if getattr(_ctx, "db", None) is None:
        _ctx.db = pool.connection()  # expect: CL204
    return _ctx.db
