# Inside `with pool.connection()`, a second connection taken by hand with `pool.getconn()` from the same psycopg_pool pool.
import os

from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=8)


def move_to_archive(batch):
    with pool.connection() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM messages WHERE archived = false LIMIT %s", (batch,))]
        archive = pool.getconn()  # expect: CL101 CL305
        try:
            archive.execute("INSERT INTO messages_archive SELECT * FROM messages WHERE id = ANY(%s)", (ids,))
            archive.commit()
        finally:
            pool.putconn(archive)
        conn.execute("DELETE FROM messages WHERE id = ANY(%s)", (ids,))
