# Re-binding the variable to a second connection drops the first one while it is still open.
import psycopg2


def copy_table(src_dsn, dst_dsn, table):
    conn = psycopg2.connect(src_dsn)  # expect: CL101 CL103
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM {table}")
    rows = cur.fetchall()
    columns = [d[0] for d in cur.description]
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    conn = psycopg2.connect(dst_dsn)  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.executemany(insert, rows)
        conn.commit()
    finally:
        conn.close()
