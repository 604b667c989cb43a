# Library-private switches (`_initialize`) and keywords consumed by engine plugins are not guessed at.
from sqlalchemy import create_engine


def offline_engine(url):
    return create_engine(url, _initialize=False)


def traced_engine(url):
    return create_engine(url, plugins=["tracing"], tracing_sample_rate=0.1)
