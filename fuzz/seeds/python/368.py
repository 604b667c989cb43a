# A helper that wraps psycopg2.connect: reported once, at the connect inside it.
import psycopg2
import psycopg2.extras

from app.config import settings


def get_raw_connection():
    return psycopg2.connect(settings.DATABASE_URL, cursor_factory=psycopg2.extras.RealDictCursor)  # expect: CL201


def get_replica_connection():
    conn = psycopg2.connect(settings.REPLICA_URL)  # expect: CL201
    conn.set_session(readonly=True)
    return conn
