# `maxconn=0` read as "unlimited" (as DBUtils' maxconnections=0 is): every getconn() raises "pool exhausted".
import os

import psycopg2.pool

pool = psycopg2.pool.ThreadedConnectionPool(minconn=0, maxconn=0, dsn=os.environ["DATABASE_URL"])  # expect: CL203
