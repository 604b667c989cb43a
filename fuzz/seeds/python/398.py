# psycopg 3's `with psycopg.connect()` closes, but the connection is still outside the pool.
import psycopg


def load_flags(dsn):
    with psycopg.connect(dsn) as conn:  # expect: CL201
        return dict(conn.execute("SELECT name, enabled FROM flags").fetchall())
