"""psycopg_pool: getconn/putconn by hand becomes `with pool.connection()` (unsafe: that block commits)."""
from psycopg_pool import ConnectionPool

pool = ConnectionPool("dbname=app", min_size=1, max_size=8)


def rename_user(user_id, name):
    with pool.connection() as conn:
        conn.execute("UPDATE users SET name = %s WHERE id = %s", (name, user_id))
        conn.commit()
