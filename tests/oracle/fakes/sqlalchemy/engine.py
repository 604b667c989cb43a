from sqlalchemy import Connection, Engine, Result, Row, create_engine, engine_from_config  # noqa: F401

__oracle_fake__ = True
CursorResult = Result


class URL(str):
    @classmethod
    def create(cls, drivername, username=None, password=None, host=None, port=None, database=None, query=None):
        return cls(f"{drivername}://{username or ''}@{host or ''}/{database or ''}")


def make_url(name):
    return URL(str(name))
