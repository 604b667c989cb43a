# A Flask app factory whose create_engine call has a typo in `pool_recycle`.
from flask import Flask
from sqlalchemy import create_engine


def create_app():
    app = Flask(__name__)
    app.config.from_envvar("APP_SETTINGS")
    app.extensions["engine"] = create_engine(app.config["DATABASE_URL"], pool_size=10, pool_recyle=3600)  # expect: CL203
    return app
