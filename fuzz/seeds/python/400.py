# A service object holding its own direct connection for its whole life.
import psycopg2


class AuditLog:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)  # expect: CL201

    def write(self, event):
        with self.conn, self.conn.cursor() as cur:
            cur.execute("INSERT INTO audit (event) VALUES (%s)", (event,))
