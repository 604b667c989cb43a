import psycopg
from psycopg import (  # noqa: F401
    DatabaseError, DataError, Error, IntegrityError, InterfaceError, InternalError, NotSupportedError,
    OperationalError, ProgrammingError,
)

__oracle_fake__ = True
_CACHE = {}


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    if name not in _CACHE:
        base = psycopg.IntegrityError if name.endswith("Violation") else psycopg.OperationalError if name in (
            "SerializationFailure", "DeadlockDetected", "LockNotAvailable", "QueryCanceled") else psycopg.DatabaseError
        _CACHE[name] = type(name, (base,), {"__module__": __name__})
    return _CACHE[name]
