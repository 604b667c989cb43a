# Negative: psycopg2.connect's own parameters (dsn, connection_factory, cursor_factory) through a pool.
import os

from psycopg2.extras import LoggingConnection, RealDictCursor
from psycopg2.pool import PersistentConnectionPool, ThreadedConnectionPool

DSN = os.environ["DATABASE_URL"]

dict_pool = ThreadedConnectionPool(1, 20, DSN, cursor_factory=RealDictCursor)
logged_pool = ThreadedConnectionPool(1, 5, dsn=DSN, connection_factory=LoggingConnection)
per_thread_pool = PersistentConnectionPool(minconn=1, maxconn=8, dsn=DSN)
