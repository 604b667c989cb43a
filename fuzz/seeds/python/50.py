"""Pool options: a misspelt keyword is renamed, another pool's option removed (unsafe fixes)."""
from psycopg2.pool import ThreadedConnectionPool
from psycopg_pool import ConnectionPool

POOL = ThreadedConnectionPool(2, 20, dsn="dbname=app", maxshared=10)
ANALYTICS = ConnectionPool("dbname=analytics", min_size=1, max_sise=8)
