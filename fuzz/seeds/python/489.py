# `with conn:` on a local sqlite3 connection that nothing closes: the block only ends the transaction.
import sqlite3


def record_login(db_path, user_id):
    conn = sqlite3.connect(db_path)  # expect: CL101 CL103
    with conn:  # expect: CL105
        conn.execute("UPDATE users SET last_login = datetime('now') WHERE id = ?", (user_id,))
