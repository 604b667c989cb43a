# A maintenance script at module level: connect, work, close by hand (a crash in between leaks).
import psycopg2

DSN = "dbname=app user=app"

conn = psycopg2.connect(DSN)  # expect: CL101 "released by hand"
cur = conn.cursor()
cur.execute("UPDATE users SET active = false WHERE last_login < now() - interval '1 year'")
conn.commit()
cur.close()
conn.close()
