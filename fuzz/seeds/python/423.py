# Negative: one engine per shard, kept in a module-level registry and reused by later calls.
from sqlalchemy import create_engine, text

from settings import SHARD_URLS

_engines = {}


def engine_for(shard):
    engine = _engines.get(shard)
    if engine is None:
        engine = create_engine(SHARD_URLS[shard], pool_size=5, pool_pre_ping=True)
        _engines[shard] = engine
    return engine


def register_shard(shard, url):
    _engines[shard] = create_engine(url, pool_size=5)


def count_events(shard):
    with engine_for(shard).connect() as conn:
        return conn.execute(text("SELECT count(*) FROM events")).scalar_one()
