# A `while True` retry loop that returns the claimed ticket from inside the loop without putting the connection back.
import os

import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])

CLAIM = """
UPDATE tickets SET worker = %s
WHERE id = (SELECT id FROM tickets WHERE worker IS NULL ORDER BY id LIMIT 1)
RETURNING id
"""


def claim_ticket(worker_id):
    attempts = 0
    while True:
        conn = pool.getconn()  # expect: CL101 CL103
        try:
            cur = conn.cursor()
            cur.execute(CLAIM, (worker_id,))
            conn.commit()
            return cur.fetchone()
        except psycopg2.errors.SerializationFailure:
            pool.putconn(conn)
            attempts += 1
            if attempts >= 3:
                raise
