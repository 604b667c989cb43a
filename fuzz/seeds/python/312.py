# A nightly job that opens a driver connection by hand and never closes it.
import os

import psycopg2


def purge_sessions():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])  # expect: CL101 CL103
    cur = conn.cursor()
    cur.execute("DELETE FROM sessions WHERE expires_at < now()")
    conn.commit()
