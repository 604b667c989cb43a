# A repository that owns its psycopg2 pool and passes `timeout=`, which psycopg2.connect hands to libpq as an unknown option.
from psycopg2.extras import RealDictCursor
from psycopg2.pool import ThreadedConnectionPool


class ReportRepository:
    def __init__(self, dsn):
        self.pool = ThreadedConnectionPool(
            1,
            10,
            dsn=dsn,
            cursor_factory=RealDictCursor,
            timeout=30,  # expect: CL203
        )

    def close(self):
        self.pool.closeall()
