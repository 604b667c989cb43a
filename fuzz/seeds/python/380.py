# The engine's URL is built at run time; its scheme is still literal, so the
# pool is known to be SQLite.
import os

from sqlalchemy import create_engine

BASE = os.path.dirname(__file__)

engine = create_engine("sqlite:///%s" % os.path.join(BASE, "app.db"))
