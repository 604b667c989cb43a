# A Flask view opening SQLite by hand and closing it only on the happy path.
import sqlite3

from flask import Flask, jsonify

app = Flask(__name__)
DATABASE = "/var/lib/app/app.db"


@app.route("/products")
def products():
    db = sqlite3.connect(DATABASE)  # expect: CL101 CL102
    rows = db.execute("SELECT id, name FROM products").fetchall()
    db.close()
    return jsonify(rows)


@app.route("/products/count")
def product_count():
    db = sqlite3.connect(DATABASE)  # expect: CL101 "never released in `product_count`" CL103
    return jsonify(db.execute("SELECT count(*) FROM products").fetchone()[0])
