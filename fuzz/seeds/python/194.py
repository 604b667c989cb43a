# Negative: engine_from_config with its own `prefix` argument and keyword overrides for create_engine.
from sqlalchemy import engine_from_config
from sqlalchemy.orm import sessionmaker


def get_engine(settings, prefix="sqlalchemy."):
    return engine_from_config(settings, prefix=prefix, pool_pre_ping=True, pool_recycle=3600)


def get_session_factory(engine):
    factory = sessionmaker(expire_on_commit=False)
    factory.configure(bind=engine)
    return factory
