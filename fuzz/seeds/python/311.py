# A project module named after the driver: `import psycopg2` elsewhere still
# means the driver, not this module. A factory returning the connection is fine.
import psycopg2
import psycopg2.extras


def connect(dsn):
    conn = psycopg2.connect(dsn)
    psycopg2.extras.register_uuid(conn_or_curs=conn)
    return conn
