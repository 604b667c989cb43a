import asyncpg
from asyncpg import (  # noqa: F401
    CheckViolationError, ConnectionDoesNotExistError, DataError, DeadlockDetectedError, FatalPostgresError,
    ForeignKeyViolationError, IntegrityConstraintViolationError, InterfaceError, InterfaceWarning,
    NotNullViolationError, PostgresConnectionError, PostgresError, PostgresSyntaxError, SerializationError,
    TooManyConnectionsError, UndefinedTableError, UniqueViolationError,
)

__oracle_fake__ = True
_CACHE = {}


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    if name not in _CACHE:
        base = asyncpg.IntegrityConstraintViolationError if "Violation" in name else asyncpg.PostgresError
        _CACHE[name] = type(name, (base,), {"__module__": __name__})
    return _CACHE[name]
