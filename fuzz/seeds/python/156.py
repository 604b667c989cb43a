# Negative: calls inside the block that look related but do not wait: `time.time`, `urllib.parse`, `json`, `hashlib`, building a request.
import hashlib
import json
import os
import time
import urllib.parse
from datetime import datetime, timezone

from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)


def record_click(url, user_id):
    with pool.connection() as conn:
        started = time.perf_counter()
        stamp = time.time()
        parts = urllib.parse.urlsplit(url)
        key = hashlib.sha256(f"{user_id}:{url}".encode()).hexdigest()
        meta = json.dumps({"host": parts.netloc, "query": urllib.parse.parse_qs(parts.query)})
        conn.execute(
            "INSERT INTO clicks (key, url, meta, at) VALUES (%s, %s, %s, %s)",
            (key, url, meta, datetime.now(timezone.utc)),
        )
    return stamp, time.perf_counter() - started
