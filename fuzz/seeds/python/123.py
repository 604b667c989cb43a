# Negative: a unit-of-work class that borrows in __enter__ and gives back in __exit__; its own close() is not the connection's.
import io

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 20, dsn="dbname=app user=app")


class UnitOfWork:
    def __enter__(self):
        self.conn = pool.getconn()
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            pool.putconn(self.conn)
            self.close()

    def close(self):
        self.conn = None


def export_csv():
    buf = io.StringIO()
    with UnitOfWork() as uow:
        with uow.conn.cursor() as cur:
            cur.copy_expert("COPY users TO STDOUT WITH CSV HEADER", buf)
    data = buf.getvalue()
    buf.close()
    return data
