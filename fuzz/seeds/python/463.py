# A SQLAlchemy connection (not a session) cached per thread: checked out of the engine's pool and never checked in.
import threading

from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://search@db/search", pool_size=10)
thread_data = threading.local()


def conn():
    c = getattr(thread_data, "connection", None)
    if c is None:
        thread_data.connection = engine.connect()  # expect: CL204
        c = thread_data.connection
    return c


def search(term):
    return conn().execute(text("SELECT id FROM docs WHERE tsv @@ plainto_tsquery(:t)"), {"t": term}).all()
