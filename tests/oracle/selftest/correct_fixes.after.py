"""Self-test (control): correct rewrites that the oracle must accept."""
import sqlite3
from contextlib import closing

import asyncpg
import psycopg
import psycopg2

pool = None


async def init(dsn):
    global pool
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)


def count_users(dsn):
    with closing(psycopg2.connect(dsn)) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM users")
            return cur.fetchone()[0]


def touch(path):
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("UPDATE meta SET touched = 1")


async def order_total(order_id):
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT sum(amount) AS total FROM lines WHERE order_id = $1", order_id)
        return row["total"]


async def names(dsn):
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cur = await conn.execute("SELECT name FROM users")
        return await cur.fetchall()


class Store:
    def __init__(self, path):
        self.path = path

    def size(self):
        with closing(sqlite3.connect(self.path)) as db:
            return db.execute("SELECT count(*) FROM t").fetchone()[0]
