# Sync httpx inside `with pool.connection()`: the module function `httpx.post` and a method of a module-level `httpx.Client`.
import os

import httpx
from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=10)
geo = httpx.Client(base_url="https://geo.example.com", timeout=5)


def register_store(name, address):
    with pool.connection() as conn:
        location = geo.get("/geocode", params={"q": address}).json()  # expect: CL302
        store_id = conn.execute(
            "INSERT INTO stores (name, lat, lon) VALUES (%s, %s, %s) RETURNING id",
            (name, location["lat"], location["lon"]),
        ).fetchone()[0]
        httpx.post("https://search.example.com/index/stores", json={"id": store_id, "name": name})  # expect: CL302
    return store_id
