# An outbox worker that builds a new engine on every pass of its polling loop.
import logging
import os
import time

from sqlalchemy import create_engine, text

from outbox.publisher import publish

log = logging.getLogger(__name__)


def process_outbox(batch_size=100):
    while True:
        engine = create_engine(os.environ["DATABASE_URL"], pool_size=2)  # expect: CL202
        with engine.begin() as conn:
            rows = conn.execute(
                text("SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :n"),
                {"n": batch_size},
            ).all()
            for row in rows:
                publish(row.topic, row.payload)
                conn.execute(text("UPDATE outbox SET sent_at = now() WHERE id = :id"), {"id": row.id})
        log.info("published %d messages", len(rows))
        time.sleep(5)
