# mysql.connector's pool: a connection taken with get_connection() and closed by hand.
from mysql.connector import pooling

cnxpool = pooling.MySQLConnectionPool(pool_name="web", pool_size=10, host="db", user="app", database="shop")


def order_count():
    cnx = cnxpool.get_connection()  # expect: CL101 CL102
    cursor = cnx.cursor()
    cursor.execute("SELECT COUNT(*) FROM orders")
    (count,) = cursor.fetchone()
    cnx.close()
    return count
