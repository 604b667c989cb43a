# Negative: a setup function run once inside the app context keeps the pool on `current_app`.
import os

from flask import current_app
from psycopg2.pool import ThreadedConnectionPool


def setup_pool():
    current_app.extensions["pg_pool"] = ThreadedConnectionPool(2, 20, dsn=os.environ["DATABASE_URL"])


def register_commands(app):
    @app.cli.command("db-ping")
    def db_ping():
        print(current_app.extensions["pg_pool"].maxconn)
