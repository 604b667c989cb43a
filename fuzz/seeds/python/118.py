# Negative: mysql.connector's pooled connections go back to their pool on close().
from contextlib import contextmanager

from mysql.connector import pooling

cnxpool = pooling.MySQLConnectionPool(pool_name="api", pool_size=10, host="db", user="api", database="shop")


@contextmanager
def mysql_cursor():
    cnx = cnxpool.get_connection()
    try:
        cursor = cnx.cursor(dictionary=True)
        try:
            yield cursor
            cnx.commit()
        finally:
            cursor.close()
    finally:
        cnx.close()


def open_orders(customer_id):
    with mysql_cursor() as cur:
        cur.execute("SELECT id, total FROM orders WHERE customer_id = %s AND status = 'open'", (customer_id,))
        return cur.fetchall()
