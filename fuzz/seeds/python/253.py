# A generator streaming rows: the `return` on the first malformed row ends it without giving the connection back.
import logging
import os

from psycopg2.pool import ThreadedConnectionPool

logger = logging.getLogger(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def iter_events(since):
    conn = pool.getconn()  # expect: CL101 CL103
    cur = conn.cursor(name="events_stream")
    cur.execute("SELECT id, kind, payload FROM events WHERE ts >= %s ORDER BY ts", (since,))
    for event_id, kind, payload in cur:
        if kind is None:
            logger.warning("malformed event %s; stopping", event_id)
            return
        yield event_id, kind, payload
    cur.close()
    pool.putconn(conn)
