"""Fake SQLAlchemy (2.x API, small): `create_engine()` gives an Engine whose
`connect()` takes a pool slot that `close()` (or the end of `with`) gives
back; `engine.begin()` connects, commits on success and closes; `text()` and
`select()` carry SQL text. Results are buffered at execute(). What is not
modelled is a stub."""

import contextlib

from _oracle_ledger import LEDGER, Pending, stub_fallback, write_of
from _oracle_rows import result_for
from sqlalchemy import exc

__oracle_fake__ = True
__version__ = "2.0.30"
DRIVER = "sqlalchemy"


def _op(name):
    LEDGER.op(name, exc.InjectedFault)


class ClauseElement:
    def __init__(self, text):
        self._oracle_sql = text

    def __str__(self):
        return self._oracle_sql

    def bindparams(self, *args, **kwargs):
        return self

    def columns(self, *args, **kwargs):
        return self

    def where(self, *args):
        return self

    filter = filter_by = order_by = limit = offset = group_by = join = values = returning = where

    def execution_options(self, **kwargs):
        return self


class TextClause(ClauseElement):
    pass


def text(text):
    return TextClause(text)


def _col_name(c):
    name = getattr(c, "name", None)
    if isinstance(name, str):
        return name
    name = getattr(c, "__tablename__", None) or getattr(c, "__name__", None)
    return name if isinstance(name, str) else "id"


def select(*entities):
    return ClauseElement("SELECT " + ", ".join(_col_name(e) for e in entities) + " FROM t")


def insert(table):
    return ClauseElement("INSERT INTO t")


def update(table):
    return ClauseElement("UPDATE t")


def delete(table):
    return ClauseElement("DELETE FROM t")


class Row(tuple):
    def __new__(cls, names, values):
        row = super().__new__(cls, values)
        row._names = names
        return row

    @property
    def _mapping(self):
        return dict(zip(self._names, self))

    def _asdict(self):
        return dict(zip(self._names, self))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(name) from None


class Result:
    def __init__(self, statement, many=1):
        kind, desc, rows, rowcount = result_for(statement, many)
        self._names = [d[0] for d in desc] if desc else []
        self._rows = None if rows is None else [Row(self._names, r) for r in rows]
        self.rowcount = rowcount if rows is None else len(rows)
        self.returns_rows = rows is not None
        self._closed = False
        self._pos = 0
        self.inserted_primary_key = (1,) if kind == "INSERT" else None
        self.lastrowid = 1

    def _check(self):
        if self._rows is None:
            raise exc.ResourceClosedError("This result object does not return rows. It has been closed automatically.")
        if self._closed:
            raise exc.ResourceClosedError("This result object is closed.")

    def keys(self):
        return list(self._names)

    def fetchone(self):
        self._check()
        if self._pos < len(self._rows):
            self._pos += 1
            return self._rows[self._pos - 1]
        return None

    def fetchmany(self, size=None):
        self._check()
        out = self._rows[self._pos : self._pos + (size or 1)]
        self._pos += len(out)
        return out

    def fetchall(self):
        self._check()
        out = self._rows[self._pos :]
        self._pos = len(self._rows)
        return out

    all = fetchall

    def first(self):
        row = self.fetchone()
        self._closed = True
        return row

    def one(self):
        rows = self.fetchall()
        if len(rows) != 1:
            raise exc.NoResultFound("No row was found when one was required") if not rows else \
                exc.MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]

    def one_or_none(self):
        rows = self.fetchall()
        return rows[0] if rows else None

    def scalar(self):
        row = self.first()
        return None if row is None else row[0]

    def scalar_one(self):
        return self.one()[0]

    def scalar_one_or_none(self):
        row = self.one_or_none()
        return None if row is None else row[0]

    def scalars(self, index=0):
        return _ScalarResult([r[index] for r in self.fetchall()])

    def mappings(self):
        return _ScalarResult([r._mapping for r in self.fetchall()])

    def __iter__(self):
        return iter(self.fetchall())

    def close(self):
        self._closed = True

    def _oracle_norm(self, norm):
        try:
            rows = self.fetchall()
        except Exception as e:
            return f"<sqlalchemy result: fetchall() raised {type(e).__module__}.{type(e).__qualname__}>"
        return f"<sqlalchemy result: rows {norm(rows)}>"


class _ScalarResult:
    def __init__(self, values):
        self._values = list(values)

    def all(self):
        return list(self._values)

    fetchall = all

    def first(self):
        return self._values[0] if self._values else None

    def one(self):
        if len(self._values) != 1:
            raise exc.NoResultFound("No row was found when one was required")
        return self._values[0]

    def one_or_none(self):
        return self._values[0] if self._values else None

    def unique(self):
        return self

    def __iter__(self):
        return iter(self._values)


class Transaction:
    def __init__(self, conn):
        self._conn = conn
        self.is_active = True

    def commit(self, _exit=False):
        if self.is_active:
            self._conn._check()
            if not _exit:
                _op("commit")
            self.is_active = False
            self._conn._transaction = None
            self._conn._pending.commit()

    def rollback(self):
        if self.is_active:
            self.is_active = False
            self._conn._transaction = None
            self._conn._pending.discard()

    def close(self):
        self.rollback()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            self.commit(_exit=True)  # the exit's commit is never a fault point
        else:
            self.rollback()
        return False


class Connection:
    def __init__(self, engine):
        self.engine = engine
        self._closed = False
        self._transaction = None
        self._autocommit = False
        self._pending = Pending()
        self._oracle_slot = LEDGER.open("pool slot", DRIVER)

    @property
    def closed(self):
        return self._closed

    @property
    def invalidated(self):
        return False

    def _check(self):
        if self._closed:
            raise exc.ResourceClosedError("This Connection is closed")

    def _autobegin(self):
        if self._transaction is None:
            self._transaction = Transaction(self)

    def execute(self, statement, parameters=None, *, execution_options=None):
        self._check()
        _op("execute")
        self._autobegin()
        self._pending.add(write_of(statement), self._autocommit)
        many = len(parameters) if isinstance(parameters, list) else 1
        return Result(statement, many)

    def exec_driver_sql(self, statement, parameters=None, execution_options=None):
        return self.execute(statement, parameters)

    def scalar(self, statement, parameters=None, **kw):
        return self.execute(statement, parameters).scalar()

    def scalars(self, statement, parameters=None, **kw):
        return self.execute(statement, parameters).scalars()

    def begin(self):
        self._check()
        if self._transaction is not None:
            raise exc.InvalidRequestError("a transaction is already begun for this connection")
        _op("begin")
        self._transaction = Transaction(self)
        return self._transaction

    def begin_nested(self):
        self._check()
        return Transaction(self)

    def in_transaction(self):
        return self._transaction is not None

    def commit(self):
        self._check()
        if self._transaction is not None:
            self._transaction.commit()

    def rollback(self):
        if self._transaction is not None:
            self._transaction.rollback()

    def execution_options(self, **kwargs):
        self._check()
        if kwargs.get("isolation_level") == "AUTOCOMMIT":
            self._autocommit = True
        return self

    def get_isolation_level(self):
        return "READ COMMITTED"

    def close(self):
        if not self._closed:
            self._closed = True
            self._transaction = None
            self._pending.discard()
            self._oracle_slot.close()
            self.engine._checked_out -= 1

    def invalidate(self, exception=None):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _oracle_resources(self):
        return [self._oracle_slot]

    def _oracle_norm(self, norm):
        return f"<sqlalchemy connection {'closed' if self._closed else 'open'}>"


class Engine:
    def __init__(self, url, pool_size=5, max_overflow=10, poolclass=None, **kwargs):
        self.url = url
        self.pool_size = pool_size
        self.max_overflow = max_overflow
        self.unlimited = poolclass is not None and getattr(poolclass, "__name__", "") in ("NullPool", "StaticPool")
        self._checked_out = 0
        self.dialect = _Dialect()

    def connect(self):
        _op("connect")
        if not self.unlimited and self._checked_out >= self.pool_size + max(self.max_overflow, 0):
            raise exc.TimeoutError(
                f"QueuePool limit of size {self.pool_size} overflow {self.max_overflow} reached, "
                "connection timed out")
        self._checked_out += 1
        return Connection(self)

    @contextlib.contextmanager
    def begin(self):
        with self.connect() as conn:
            with conn.begin():
                yield conn

    def raw_connection(self):
        return self.connect()

    def dispose(self, close=True):
        pass

    def execution_options(self, **kwargs):
        return self

    def _oracle_norm(self, norm):
        return "<sqlalchemy Engine>"


class _Dialect:
    name = "postgresql"
    driver = "psycopg2"


def create_engine(url, **kwargs):
    return Engine(url, **kwargs)


def engine_from_config(configuration, prefix="sqlalchemy.", **kwargs):
    return Engine(configuration.get(prefix + "url", ""), **kwargs)


from sqlalchemy import engine, ext, orm, pool  # noqa: E402


def __getattr__(name):
    return stub_fallback(__name__, name)
