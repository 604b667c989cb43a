"""Resources whose own `with` closes them: no `closing()` needed."""
import os

import pg8000
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5, pool_timeout=10)


def active_users():
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM users WHERE active")).scalars().all()


def server_version(host):
    with pg8000.connect(user="monitor", host=host, database="postgres") as conn:
        cur = conn.cursor()
        cur.execute("SHOW server_version")
        return cur.fetchone()[0]
