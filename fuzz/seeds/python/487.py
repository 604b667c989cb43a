# Not CL105: `with conn:` on a connection that is also closed; in `finally` it is correct, after the block only the exception path leaks (CL102).
import sqlite3

import psycopg2


def rename_user(dsn, user_id, name):
    conn = psycopg2.connect(dsn)  # expect: CL101
    try:
        with conn:
            with conn.cursor() as cur:
                cur.execute("UPDATE users SET name = %s WHERE id = %s", (name, user_id))
    finally:
        conn.close()


def bump_counter(path, key):
    conn = sqlite3.connect(path)  # expect: CL101 CL102
    with conn:
        conn.execute("UPDATE counters SET n = n + 1 WHERE key = ?", (key,))
    conn.close()
