# Negative: the app factory builds the pool once and stores it in `app.extensions`; blueprints borrow it.
import os

from flask import Flask
from psycopg_pool import ConnectionPool


def create_app():
    app = Flask(__name__)
    app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    app.extensions["db"] = ConnectionPool(app.config["DATABASE_URL"], min_size=2, max_size=20)

    from app.orders import bp as orders_bp

    app.register_blueprint(orders_bp)
    return app
