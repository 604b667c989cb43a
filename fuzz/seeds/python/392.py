# The billing service's pool.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(2, 20, os.environ["BILLING_DSN"])
