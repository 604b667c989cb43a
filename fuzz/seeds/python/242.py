# Released with putconn() only at the end of the happy path: a failing query keeps the pool slot.
import os

from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
pool = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


@app.route("/customers/<int:customer_id>/invoices")
def invoices(customer_id):
    conn = pool.getconn()  # expect: CL101 CL102
    cur = conn.cursor()
    cur.execute("SELECT id, total, due_date FROM invoices WHERE customer_id = %s", (customer_id,))
    rows = cur.fetchall()
    cur.close()
    pool.putconn(conn)
    return jsonify(rows)
