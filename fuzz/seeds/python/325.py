# Worker that takes a second connection with `pool.getconn()` while the first (a long read) is still open.
import os

from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(4, 16, dsn=os.environ["DATABASE_URL"])


def reindex_documents(batch_size=500):
    reader = pool.getconn()  # expect: CL101
    try:
        with reader.cursor(name="documents_scan") as scan:
            scan.itersize = batch_size
            scan.execute("SELECT id, body FROM documents WHERE indexed_at IS NULL")
            writer = pool.getconn()  # expect: CL101 CL305
            try:
                with writer.cursor() as cur:
                    for doc_id, body in scan:
                        cur.execute(
                            "UPDATE documents SET tsv = to_tsvector(%s), indexed_at = now() WHERE id = %s",
                            (body, doc_id),
                        )
                writer.commit()
            finally:
                pool.putconn(writer)
    finally:
        pool.putconn(reader)
