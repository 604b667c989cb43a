# Negative: `.delay()` queues a Celery task that makes the HTTP call later, in a worker; nothing slow runs while the cursor is held.
import os
from contextlib import contextmanager

import requests
from celery import Celery
from psycopg2.pool import ThreadedConnectionPool

celery_app = Celery("shop", broker=os.environ["BROKER_URL"])
connection_pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@contextmanager
def get_db_cursor():
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
        conn.commit()
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)


@celery_app.task(bind=True, max_retries=5)
def send_receipt(self, order_id):
    try:
        requests.post("https://mail.example.com/api/receipts", json={"order_id": order_id}, timeout=10)
    except requests.RequestException as exc:
        raise self.retry(exc=exc, countdown=30)


def complete_order(order_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE orders SET status = 'complete' WHERE id = %s", (order_id,))
        send_receipt.delay(order_id)
        send_receipt.apply_async(args=(order_id,), countdown=3600)
