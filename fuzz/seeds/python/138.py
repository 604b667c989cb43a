# psycopg 3 pool: getconn() ended with conn.close(), which does not give the connection back to the pool.
from psycopg_pool import ConnectionPool

pool = ConnectionPool("postgresql://app@db/app", min_size=2, max_size=10)


def load_feature_flags():
    conn = pool.getconn()  # expect: CL101
    try:
        rows = conn.execute("SELECT name, enabled FROM feature_flags").fetchall()
        return {name: enabled for name, enabled in rows}
    finally:
        conn.close()  # expect: CL104
