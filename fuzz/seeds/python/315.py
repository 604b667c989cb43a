# psycopg 3 pool used with getconn/putconn instead of its own `pool.connection()` context manager.
from psycopg_pool import ConnectionPool

pool = ConnectionPool("postgresql://app@db/app", min_size=4, max_size=16)


def load_settings():
    conn = pool.getconn()  # expect: CL101 "with pool.connection() as conn"
    try:
        return conn.execute("SELECT key, value FROM settings").fetchall()
    finally:
        pool.putconn(conn)
