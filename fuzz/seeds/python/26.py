"""Resources whose own `with` closes them: no `closing()` needed."""
import os

import pg8000
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5, pool_timeout=10)


def active_users():
    conn = engine.connect()
    try:
        return conn.execute(text("SELECT id FROM users WHERE active")).scalars().all()
    finally:
        conn.close()


def server_version(host):
    conn = pg8000.connect(user="monitor", host=host, database="postgres")
    try:
        cur = conn.cursor()
        cur.execute("SHOW server_version")
        return cur.fetchone()[0]
    finally:
        conn.close()
