# A Celery task reaching MySQL directly (the configured pool module's database is unknown: counts for MySQL too).
import pymysql
from celery import shared_task


@shared_task
def sync_inventory():
    conn = pymysql.connect(host="db", user="app", database="shop")  # expect: CL101 CL102 CL201
    with conn.cursor() as cur:
        cur.execute("UPDATE inventory SET synced = 1")
    conn.commit()
    conn.close()
