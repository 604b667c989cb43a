# Negative: a Flask app factory that builds its pools once and keeps them on the app.
import psycopg2
from dbutils.pooled_db import PooledDB
from flask import Flask
from psycopg2.pool import ThreadedConnectionPool
from sqlalchemy import create_engine


def create_app(config_object="settings.Production"):
    app = Flask(__name__)
    app.config.from_object(config_object)
    app.extensions["db"] = PooledDB(
        creator=psycopg2,
        mincached=2,
        maxconnections=20,
        dsn=app.config["DATABASE_URL"],
    )
    app.config["REPORTING_ENGINE"] = create_engine(app.config["REPORTING_URL"], pool_size=5)
    app.pool = ThreadedConnectionPool(1, 10, dsn=app.config["SESSIONS_DSN"])

    from views import bp

    app.register_blueprint(bp)
    return app
