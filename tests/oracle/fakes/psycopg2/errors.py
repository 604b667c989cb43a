"""Fake psycopg2.errors: one class per SQLSTATE name, made on first use under
the DB-API class the real module puts it under."""

import psycopg2

__oracle_fake__ = True

_CACHE = {}
_OPERATIONAL = {"SerializationFailure", "DeadlockDetected", "LockNotAvailable", "QueryCanceled",
                "AdminShutdown", "CannotConnectNow", "TransactionRollback", "ConnectionException"}


def _base(name):
    if name.endswith("Violation") or name == "IntegrityConstraintViolation":
        return psycopg2.IntegrityError
    if name in _OPERATIONAL:
        return psycopg2.OperationalError
    if name.endswith(("SyntaxError", "UndefinedTable", "UndefinedColumn", "UndefinedFunction")) or name.startswith("Undefined"):
        return psycopg2.ProgrammingError
    if name.startswith("Invalid") or name.endswith("DataException"):
        return psycopg2.DataError
    return psycopg2.DatabaseError


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    if name not in _CACHE:
        _CACHE[name] = type(name, (_base(name),), {"__module__": __name__})
    return _CACHE[name]


def lookup(code):
    return __getattr__(f"Sqlstate{code}")
