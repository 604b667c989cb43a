# psycopg_pool: a second `pool.connection()` per row inside the outer `with pool.connection()` — one finding for the call site.
import os

from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["DATABASE_URL"], min_size=2, max_size=10, timeout=30)


def expire_trials():
    with pool.connection() as conn:
        accounts = conn.execute("SELECT id FROM accounts WHERE trial_ends < now() AND plan = 'trial'").fetchall()
        for (account_id,) in accounts:
            with pool.connection() as writer:  # expect: CL305
                writer.execute("UPDATE accounts SET plan = 'expired' WHERE id = %s", (account_id,))
        return len(accounts)
