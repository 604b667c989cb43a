# A helper picks the sync or the async engine factory by a flag (as SQLAlchemy's
# own `testing_engine()` does). In plain `def` code the connection can only be
# the sync one: the help says `with engine.connect()`, never `async with` (a
# syntax error there), and names the engine, not a placeholder.

import os


def testing_engine(url, use_async=False):
    if use_async:
        from sqlalchemy.ext.asyncio import create_async_engine as create_engine
    else:
        from sqlalchemy import create_engine
    return create_engine(url)


def test_roundtrip():
    engine = testing_engine(os.environ["DATABASE_URL"])
    conn = engine.connect()  # expect: CL101 "use `with engine.connect() as conn:`" CL103
    conn.exec_driver_sql("select 1")
