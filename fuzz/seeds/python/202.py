# Negative: psycopg2 pools with libpq connection keywords, which psycopg2.connect passes to libpq.
import os

from psycopg2.pool import SimpleConnectionPool, ThreadedConnectionPool

primary = ThreadedConnectionPool(
    minconn=2,
    maxconn=50,
    host=os.environ["PGHOST"],
    port=5432,
    dbname="app",
    user="app",
    password=os.environ["PGPASSWORD"],
    sslmode="verify-full",
    sslrootcert="/etc/ssl/certs/rds-ca.pem",
    connect_timeout=5,
    application_name="api",
    options="-c statement_timeout=15000",
    keepalives=1,
    keepalives_idle=30,
    keepalives_interval=10,
    keepalives_count=5,
    target_session_attrs="read-write",
)

replica = SimpleConnectionPool(1, 10, host="replica.internal", database="app", user="readonly")
