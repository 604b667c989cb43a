# Negative for CL103: a `match` whose cases return, raise or fall through inside a try/finally that releases.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 5, dsn=os.environ["DATABASE_URL"])


def apply(command):
    conn = pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            match command:
                case {"op": "rename", "id": item_id, "name": name}:
                    cur.execute("UPDATE items SET name = %s WHERE id = %s", (name, item_id))
                case {"op": "delete", "id": item_id}:
                    cur.execute("DELETE FROM items WHERE id = %s", (item_id,))
                case {"op": "noop"}:
                    return False
                case _:
                    raise ValueError(f"bad command: {command!r}")
        conn.commit()
        return True
    finally:
        pool.putconn(conn)
