# DBUtils PooledDB: `close()` returns the connection, but only if it is reached.
import pymysql
from dbutils.pooled_db import PooledDB

pool = PooledDB(creator=pymysql, maxconnections=20, mincached=2, host="db", user="app", database="shop")


def stock(sku):
    db = pool.connection()  # expect: CL101 CL102
    cursor = db.cursor()
    cursor.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
    qty = cursor.fetchone()[0]
    db.close()
    return qty
