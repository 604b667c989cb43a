# A Flask blueprint view that replaces the pool in `current_app.extensions` on every request.
import os

from flask import Blueprint, current_app, jsonify, request
from mysql.connector.pooling import MySQLConnectionPool

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("/")
def search():
    current_app.extensions["search_pool"] = MySQLConnectionPool(  # expect: CL202
        pool_name="search",
        pool_size=5,
        host="search-db",
        user="web",
        password=os.environ["SEARCH_DB_PASSWORD"],
        database="catalog",
    )
    term = request.args.get("q", "")
    with current_app.extensions["search_pool"].get_connection() as cnx:
        cur = cnx.cursor(dictionary=True)
        cur.execute("SELECT sku, title FROM products WHERE title LIKE %s LIMIT 20", (f"%{term}%",))
        rows = cur.fetchall()
    return jsonify(rows)
