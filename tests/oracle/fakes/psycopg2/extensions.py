"""Fake psycopg2.extensions: constants, the connection and cursor classes, adapters."""

import psycopg2
from _oracle_ledger import stub_fallback

__oracle_fake__ = True

connection = psycopg2.connection
cursor = psycopg2.cursor

ISOLATION_LEVEL_AUTOCOMMIT = 0
ISOLATION_LEVEL_READ_UNCOMMITTED = 4
ISOLATION_LEVEL_READ_COMMITTED = 1
ISOLATION_LEVEL_REPEATABLE_READ = 2
ISOLATION_LEVEL_SERIALIZABLE = 3
ISOLATION_LEVEL_DEFAULT = None

TRANSACTION_STATUS_IDLE = 0
TRANSACTION_STATUS_ACTIVE = 1
TRANSACTION_STATUS_INTRANS = 2
TRANSACTION_STATUS_INERROR = 3
TRANSACTION_STATUS_UNKNOWN = 4

STATUS_SETUP = 0
STATUS_READY = 1
STATUS_BEGIN = 2
STATUS_IN_TRANSACTION = 2
STATUS_PREPARED = 5

POLL_OK = 0
POLL_READ = 1
POLL_WRITE = 2
POLL_ERROR = 3


class AsIs:
    def __init__(self, obj):
        self.adapted = obj

    def getquoted(self):
        return str(self.adapted).encode()


class QuotedString(AsIs):
    def getquoted(self):
        return ("'%s'" % str(self.adapted).replace("'", "''")).encode()


Binary = AsIs
ISQLQuote = object


def adapt(obj):
    return QuotedString(obj) if isinstance(obj, str) else AsIs(obj)


def register_adapter(typ, callable):
    pass


def register_type(obj, scope=None):
    pass


def new_type(oids, name, castfunc):
    return (oids, name, castfunc)


def new_array_type(oids, name, base_caster):
    return (oids, name, base_caster)


def set_wait_callback(f):
    pass


def get_wait_callback():
    return None


def parse_dsn(dsn):
    out = {}
    for part in str(dsn).split():
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = v
    return out


def make_dsn(dsn=None, **kwargs):
    parts = [str(dsn)] if dsn else []
    parts += [f"{k}={v}" for k, v in kwargs.items() if v is not None]
    return " ".join(parts)


def quote_ident(s, scope=None):
    return '"%s"' % str(s).replace('"', '""')


UNICODE = UNICODEARRAY = BOOLEAN = DECIMAL = FLOAT = INTEGER = LONGINTEGER = object()


def __getattr__(name):
    return stub_fallback(__name__, name)
