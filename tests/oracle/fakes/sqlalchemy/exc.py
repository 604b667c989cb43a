from _oracle_ledger import OracleFault

__oracle_fake__ = True


class SQLAlchemyError(Exception):
    pass


class InvalidRequestError(SQLAlchemyError):
    pass


class ResourceClosedError(InvalidRequestError):
    pass


class NoResultFound(InvalidRequestError):
    pass


class MultipleResultsFound(InvalidRequestError):
    pass


class PendingRollbackError(InvalidRequestError):
    pass


class TimeoutError(SQLAlchemyError):  # noqa: A001
    pass


class ArgumentError(SQLAlchemyError):
    pass


class StatementError(SQLAlchemyError):
    def __init__(self, message="", statement=None, params=None, orig=None, *args, **kwargs):
        super().__init__(message)
        self.statement = statement
        self.params = params
        self.orig = orig


class DBAPIError(StatementError):
    pass


class InterfaceError(DBAPIError):
    pass


class DatabaseError(DBAPIError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class DataError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


class DisconnectionError(SQLAlchemyError):
    pass


class InjectedFault(OperationalError, OracleFault):
    pass
