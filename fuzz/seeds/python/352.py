# Role lookups: `load_role` takes a connection by hand from `app.db.connection_pool` and gives it back.
from app.db import connection_pool, get_db_connection


def load_role(user_id, document_id):
    conn = get_db_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT role FROM document_members WHERE user_id = %s AND document_id = %s",
                (user_id, document_id),
            )
            row = cur.fetchone()
        return row[0] if row else None
    finally:
        connection_pool.putconn(conn)
