"""Self-test (control): correct rewrites that the oracle must accept."""
import sqlite3

import asyncpg
import psycopg
import psycopg2

pool = None


async def init(dsn):
    global pool
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)


def count_users(dsn):
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM users")
            return cur.fetchone()[0]
    finally:
        conn.close()


def touch(path):
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET touched = 1")


async def order_total(order_id):
    conn = await pool.acquire()
    try:
        row = await conn.fetchrow("SELECT sum(amount) AS total FROM lines WHERE order_id = $1", order_id)
        return row["total"]
    finally:
        await pool.release(conn)


async def names(dsn):
    conn = await psycopg.AsyncConnection.connect(dsn)
    try:
        cur = await conn.execute("SELECT name FROM users")
        return await cur.fetchall()
    finally:
        await conn.close()


class Store:
    def __init__(self, path):
        self.path = path

    def size(self):
        db = sqlite3.connect(self.path)
        try:
            return db.execute("SELECT count(*) FROM t").fetchone()[0]
        finally:
            db.close()
