# A loop that opens one `with psycopg2.connect(...)` per shard: every iteration leaves a server connection open.
import psycopg2

SHARDS = ["host=shard1 dbname=events", "host=shard2 dbname=events", "host=shard3 dbname=events"]


def purge_old_events():
    for dsn in SHARDS:
        with psycopg2.connect(dsn) as conn:  # expect: CL105
            with conn.cursor() as cur:
                cur.execute("DELETE FROM events WHERE created_at < now() - interval '90 days'")
