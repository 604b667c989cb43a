# A ThreadPoolExecutor initializer opening one PyMySQL connection per worker thread and parking it on a thread-local.
import threading
from concurrent.futures import ThreadPoolExecutor

import pymysql

_worker = threading.local()


def init_worker():
    _worker.conn = pymysql.connect(host="mysql", user="etl", password="etl", database="warehouse")  # expect: CL204


def load_chunk(rows):
    with _worker.conn.cursor() as cur:
        cur.executemany("INSERT INTO facts (day, metric, value) VALUES (%s, %s, %s)", rows)
    _worker.conn.commit()


def load(all_rows, chunk=1000):
    with ThreadPoolExecutor(max_workers=8, initializer=init_worker) as ex:
        list(ex.map(load_chunk, [all_rows[i : i + chunk] for i in range(0, len(all_rows), chunk)]))
