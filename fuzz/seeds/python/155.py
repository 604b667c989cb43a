# Negative: sleeps and HTTP calls in code that holds no connection: a poller, a file, a lock; the database is used only between them.
import os
import threading
import time

import requests
from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=4)
_lock = threading.Lock()
STATUS_URL = "https://status.example.com/api/v2/status.json"


def save_status(indicator):
    with pool.connection() as conn:
        conn.execute("INSERT INTO upstream_status (indicator) VALUES (%s)", (indicator,))


def poll_forever():
    while True:
        with _lock:
            indicator = requests.get(STATUS_URL, timeout=10).json()["status"]["indicator"]
        save_status(indicator)
        time.sleep(60)


def download_report(url, path):
    with open(path, "wb") as fh:
        fh.write(requests.get(url, timeout=60).content)
    with pool.connection() as conn:
        conn.execute("INSERT INTO downloads (url, path) VALUES (%s, %s)", (url, path))
