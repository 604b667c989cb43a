"""pg8000.native.Connection(user, ...): opens on construction, `with` closes, run() queries."""

from pg8000 import Connection as _Legacy
from pg8000 import DatabaseError, Error, InterfaceError, _op  # noqa: F401

__oracle_fake__ = True


class Connection(_Legacy):
    def __init__(self, user=None, host="localhost", database=None, port=5432, password=None, **kwargs):
        _op("connect")
        super().__init__(user, host, database, port, password, **kwargs)
        self.autocommit = True  # the native API runs each statement in its own transaction
