# Reports reaching the pool through `from app import db` and through a local wrapper around the acquirer.
from app import db


def _reporting_connection():
    conn = db.get_db_connection()
    conn.autocommit = True
    return conn


def monthly_signups():
    conn = _reporting_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT date_trunc('month', created_at), count(*) FROM users GROUP BY 1 ORDER BY 1")
            return cur.fetchall()
    finally:
        conn.close()  # expect: CL104


def churned_accounts():
    conn = db.get_db_connection()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM accounts WHERE cancelled_at IS NOT NULL")
            return [row[0] for row in cur.fetchall()]
    finally:
        conn.close()  # expect: CL104
