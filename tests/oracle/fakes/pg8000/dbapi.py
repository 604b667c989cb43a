from pg8000 import (  # noqa: F401
    Connection, Cursor, DatabaseError, Error, InterfaceError, OperationalError, ProgrammingError, connect,
)

__oracle_fake__ = True
