# The project's engines, built once at import time, plus a lazily filled registry keyed by alias.
from django.conf import settings
from sqlalchemy import create_engine

warehouse_engine = create_engine(settings.WAREHOUSE_DATABASE_URL, pool_size=10, pool_pre_ping=True)

_engines = {}


def engine_for(alias):
    if alias not in _engines:
        _engines[alias] = create_engine(settings.DATABASES_URLS[alias], pool_pre_ping=True)
    return _engines[alias]
