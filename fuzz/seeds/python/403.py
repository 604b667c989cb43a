# Celery tasks that build DBUtils pools inside the task body: one per task run, dropped when it returns.
import os

import psycopg2
import pymysql
from celery import shared_task
from dbutils.persistent_db import PersistentDB
from dbutils.pooled_db import PooledDB


@shared_task
def sync_customer(customer_id):
    pool = PersistentDB(creator=psycopg2, maxusage=1000, dsn=os.environ["CRM_DSN"])  # expect: CL202
    with pool.connection() as db:
        with db.cursor() as cur:
            cur.execute("UPDATE customers SET synced_at = now() WHERE id = %s", (customer_id,))
        db.commit()


@shared_task
def archive_orders(before):
    pool = PooledDB(  # expect: CL202
        creator=pymysql,
        maxconnections=4,
        host="legacy-db",
        user="archiver",
        password=os.environ["LEGACY_DB_PASSWORD"],
        database="shop",
    )
    with pool.connection() as db:
        with db.cursor() as cur:
            cur.execute("INSERT INTO orders_archive SELECT * FROM orders WHERE created < %s", (before,))
        db.commit()
