# The pool's database comes from DBUtils' creator module.
import pymysql
from dbutils.pooled_db import PooledDB

POOL = PooledDB(creator=pymysql, maxconnections=10, host="db", user="app", database="shop")
