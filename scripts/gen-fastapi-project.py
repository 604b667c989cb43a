#!/usr/bin/env python3
"""Writes a FastAPI-style project of about LINES lines for the server
benchmark (scripts/bench-server.py): app/db.py with a psycopg2 pool, a
getter and a guarded context manager, and routers under app/routers/ whose
endpoints mostly use the context manager and sometimes take a connection
by hand. Deterministic: the same arguments give the same files.

    scripts/gen-fastapi-project.py DEST [LINES]
"""

import pathlib
import sys

# app/db.py is the README example's: a pool, a getter, a guarded cursor.
DB = (pathlib.Path(__file__).resolve().parent.parent / "examples/outage/app/db.py").read_text()

HEADER = '''"""Endpoints of resource {n}."""
from fastapi import APIRouter, HTTPException

from app.db import db_pool, get_db_connection, get_db_cursor

router = APIRouter(prefix="/r{n}")
'''

GUARDED = '''

@router.get("/items{n}_{k}/{{item_id}}")
def get_item_{k}(item_id: int):
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT * FROM items_{n} WHERE id = %s AND kind = {k}", (item_id,))
        row = cur.fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    return row


@router.post("/items{n}_{k}")
def create_item_{k}(name: str, price: int):
    with get_db_cursor() as (cur, conn):
        cur.execute(
            "INSERT INTO items_{n} (name, price, kind) VALUES (%s, %s, {k}) RETURNING id",
            (name, price),
        )
        return {{"id": cur.fetchone()[0]}}
'''

BY_HAND = '''

@router.get("/report{n}_{k}")
def report_{k}():
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM items_{n} WHERE kind = {k}")
    total = cur.fetchone()[0]
    cur.close()
    db_pool.putconn(conn)
    return {{"total": total}}
'''


def main():
    dest = pathlib.Path(sys.argv[1])
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    routers = dest / "app" / "routers"
    routers.mkdir(parents=True, exist_ok=True)
    (dest / "pyproject.toml").write_text('[project]\nname = "bench-api"\nversion = "0.0.0"\n')
    (dest / "app" / "__init__.py").write_text("")
    (routers / "__init__.py").write_text("")
    (dest / "app" / "db.py").write_text(DB)
    total = DB.count("\n")
    n = 0
    while total < lines:
        parts = [HEADER.format(n=n)]
        for k in range(10):
            parts.append(GUARDED.format(n=n, k=k))
            if k % 4 == 0:
                parts.append(BY_HAND.format(n=n, k=k))
        text = "".join(parts)
        (routers / f"r{n:03}.py").write_text(text)
        total += text.count("\n")
        n += 1
    print(f"{n} routers, {total} lines in {dest}")


if __name__ == "__main__":
    main()
