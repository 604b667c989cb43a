# Negative: the MySQL drivers' `with connect(...)` closes the connection (PyMySQL, mysqlclient, mysql.connector).
import MySQLdb
import mysql.connector
import pymysql

CONFIG = {"host": "db", "user": "shop", "password": "secret", "database": "shop"}


def product_names():
    with pymysql.connect(**CONFIG) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM products")
            return [row[0] for row in cur.fetchall()]


def legacy_orders():
    with MySQLdb.connect(host="legacy-db", user="ro", passwd="secret", db="orders") as db:
        cur = db.cursor()
        cur.execute("SELECT id FROM orders WHERE created < NOW() - INTERVAL 1 YEAR")
        return cur.fetchall()


def stock_level(sku):
    with mysql.connector.connect(**CONFIG) as cnx:
        cur = cnx.cursor()
        cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
        return cur.fetchone()[0]
