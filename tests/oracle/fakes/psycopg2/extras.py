"""Fake psycopg2.extras: cursor factories (RealDictCursor, DictCursor,
NamedTupleCursor), LoggingConnection, execute_values/execute_batch, Json and
the register_* helpers."""

import collections

import psycopg2
from _oracle_ledger import stub_fallback

__oracle_fake__ = True


def _names(cur):
    return [d[0] for d in (cur.description or [])]


class RealDictRow(dict):
    pass


class RealDictCursor(psycopg2.cursor):
    def _make_row(self, values):
        return RealDictRow(zip(_names(self), values))


class DictRow(list):
    def __init__(self, names, values):
        super().__init__(values)
        self._index = {n: i for i, n in enumerate(names)}

    def __getitem__(self, key):
        if isinstance(key, str):
            return super().__getitem__(self._index[key])
        return super().__getitem__(key)

    def keys(self):
        return list(self._index)

    def values(self):
        return list(self)

    def items(self):
        return [(k, self[i]) for k, i in self._index.items()]

    def get(self, key, default=None):
        try:
            return self[key]
        except (KeyError, IndexError):
            return default


class DictCursorBase(psycopg2.cursor):
    pass


class DictCursor(DictCursorBase):
    def _make_row(self, values):
        return DictRow(_names(self), values)


class NamedTupleCursor(psycopg2.cursor):
    def _make_row(self, values):
        names = [n if n.isidentifier() else f"f{i}" for i, n in enumerate(_names(self))]
        return collections.namedtuple("Record", names)(*values)


class LoggingCursor(psycopg2.cursor):
    def execute(self, query, vars=None):
        self.connection._oracle_check_init()
        return super().execute(query, vars)


class LoggingConnection(psycopg2.connection):
    def initialize(self, logobj):
        self._logobj = logobj

    def _oracle_check_init(self):
        if not hasattr(self, "_logobj"):
            raise self.ProgrammingError("LoggingConnection object has not been initialize()d")

    ProgrammingError = psycopg2.ProgrammingError

    def filter(self, msg, curs):
        return msg

    def _default_cursor(self):
        return LoggingCursor


class MinTimeLoggingConnection(LoggingConnection):
    def initialize(self, logobj, mintime=0):
        super().initialize(logobj)


class Json:
    def __init__(self, adapted, dumps=None):
        self.adapted = adapted

    def getquoted(self):
        return b"'{}'"


def register_uuid(oids=None, conn_or_curs=None):
    pass


def register_default_json(conn_or_curs=None, globally=False, loads=None):
    pass


def register_default_jsonb(conn_or_curs=None, globally=False, loads=None):
    pass


def register_json(conn_or_curs=None, globally=False, loads=None, oid=None, array_oid=None, name="json"):
    pass


def register_hstore(conn_or_curs, globally=False, unicode=False, oid=None, array_oid=None):
    pass


def register_composite(name, conn_or_curs, globally=False, factory=None):
    pass


def execute_batch(cur, sql, argslist, page_size=100):
    args = list(argslist)
    for i in range(0, max(len(args), 1), page_size):
        cur.execute(sql)


def execute_values(cur, sql, argslist, template=None, page_size=100, fetch=False):
    args = list(argslist)
    result = []
    for i in range(0, max(len(args), 1), page_size):
        cur.execute(sql)
        if fetch:
            result.extend(cur.fetchall())
    return result if fetch else None


def wait_select(conn):
    pass


def __getattr__(name):
    return stub_fallback(__name__, name)
