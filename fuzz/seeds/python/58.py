"""A migration script: connect, run, close, with nothing guarding the middle."""
import sys

from sqlalchemy import create_engine, text

engine = create_engine(sys.argv[1], pool_pre_ping=True)


def migrate():
    conn = engine.connect()
    # Schema first, then data.
    conn.execute(text("ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text"))
    conn.execute(text("UPDATE users SET locale = 'en' WHERE locale IS NULL"))
    conn.commit()
    conn.close()
    print("migrated")


if __name__ == "__main__":
    migrate()
