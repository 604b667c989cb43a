"""Fake sqlalchemy.orm: a Session takes a connection from its engine on first
use and gives it back at close() (and at the end of `with Session() as s:`)."""

import contextlib

from _oracle_ledger import LEDGER, Pending, stub_fallback
import sqlalchemy
from sqlalchemy import exc

__oracle_fake__ = True


class _Entity:
    """What session.get()/query() hand back: any attribute can be read or set."""

    def __init__(self, name="entity"):
        object.__setattr__(self, "_oracle_name", name)
        object.__setattr__(self, "id", 1)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return 1

    def _oracle_norm(self, norm):
        return f"<{self._oracle_name} {norm({k: v for k, v in vars(self).items() if not k.startswith('_')})}>"


def _entity_name(entity):
    name = getattr(entity, "__name__", None)
    return name if isinstance(name, str) else "entity"


class Query:
    def __init__(self, session, entities):
        self._session = session
        self._name = _entity_name(entities[0]) if entities else "entity"

    def _run(self):
        self._session._use()
        sqlalchemy._op("execute")

    def filter(self, *a, **k):
        return self

    filter_by = order_by = limit = offset = join = outerjoin = options = group_by = with_for_update = filter

    def all(self):
        self._run()
        return [_Entity(self._name)]

    def first(self):
        self._run()
        return _Entity(self._name)

    one = one_or_none = first

    def get(self, ident):
        self._run()
        return _Entity(self._name)

    def count(self):
        self._run()
        return 1

    def delete(self, *a, **k):
        self._run()
        return 1

    def update(self, *a, **k):
        self._run()
        return 1

    def scalar(self):
        self._run()
        return 1

    def __iter__(self):
        return iter(self.all())


class SessionTransaction:
    def __init__(self, session):
        self._session = session

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            self._session._commit()  # the exit's commit is never a fault point
        else:
            self._session.rollback()
        return False

    def commit(self):
        self._session.commit()

    def rollback(self):
        self._session.rollback()


class Session:
    def __init__(self, bind=None, **kwargs):
        self.bind = bind
        self._conn = None
        self._closed = False
        self._added = Pending()
        self.info = {}

    def _use(self):
        if self._conn is None:
            engine = self.bind if isinstance(self.bind, sqlalchemy.Engine) else None
            if engine is not None:
                self._conn = engine.connect()
            else:
                sqlalchemy._op("connect")
                self._conn = _Unbound()

    def execute(self, statement, params=None, **kwargs):
        self._use()
        return self._conn.execute(statement, params)

    def scalar(self, statement, params=None, **kwargs):
        return self.execute(statement, params).scalar()

    def scalars(self, statement, params=None, **kwargs):
        return self.execute(statement, params).scalars()

    def get(self, entity, ident, **kwargs):
        self._use()
        sqlalchemy._op("execute")
        return _Entity(_entity_name(entity))

    def query(self, *entities):
        return Query(self, entities)

    def add(self, instance, _warn=True):
        self._added.add(f"INSERT {_entity_name(type(instance))}")

    def add_all(self, instances):
        for i in instances:
            self.add(i)

    def delete(self, instance):
        self._added.add(f"DELETE {_entity_name(type(instance))}")

    def merge(self, instance, **kwargs):
        return instance

    def refresh(self, instance, attribute_names=None, with_for_update=None):
        self._use()

    def expunge(self, instance):
        pass

    def expire(self, instance, attribute_names=None):
        pass

    def expire_all(self):
        pass

    def flush(self, objects=None):
        self._use()
        sqlalchemy._op("flush")

    def commit(self):
        if self._conn is not None or self._added.items:
            sqlalchemy._op("commit")
        self._commit()

    def _commit(self):
        self._added.commit()
        if self._conn is not None:
            self._conn._pending.commit()

    def rollback(self):
        self._added.discard()
        if self._conn is not None:
            self._conn._pending.discard()

    def begin(self, nested=False):
        return SessionTransaction(self)

    def begin_nested(self):
        return SessionTransaction(self)

    def in_transaction(self):
        return self._conn is not None

    def connection(self, **kwargs):
        self._use()
        return self._conn

    def close(self):
        self._added.discard()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _oracle_resources(self):
        return [self._conn._oracle_slot] if self._conn is not None else []

    def _oracle_norm(self, norm):
        return "<sqlalchemy Session>"


class _Unbound(sqlalchemy.Connection):
    """A session with no engine bound: still counted as holding a connection."""

    def __init__(self):
        self.engine = None
        self._closed = False
        self._transaction = None
        self._autocommit = False
        self._pending = Pending()
        self._oracle_slot = LEDGER.open("pool slot", "sqlalchemy")

    def close(self):
        if not self._closed:
            self._closed = True
            self._oracle_slot.close()


class sessionmaker:  # noqa: N801
    def __init__(self, bind=None, class_=Session, autoflush=True, expire_on_commit=True, info=None, **kwargs):
        self.bind = bind
        self.class_ = class_
        self.kw = kwargs

    def __call__(self, **local_kw):
        return self.class_(bind=local_kw.pop("bind", self.bind), **local_kw)

    def configure(self, **new_kw):
        self.bind = new_kw.get("bind", self.bind)

    @contextlib.contextmanager
    def begin(self):
        with self() as session:
            with session.begin():
                yield session


class scoped_session:  # noqa: N801
    def __init__(self, session_factory, scopefunc=None):
        self.session_factory = session_factory
        self.registry = None

    def __call__(self, **kw):
        if self.registry is None:
            self.registry = self.session_factory(**kw)
        return self.registry

    def remove(self):
        if self.registry is not None:
            self.registry.close()
        self.registry = None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self(), name)


def declarative_base(**kwargs):
    return type("Base", (), {"metadata": stub_fallback(__name__, "MetaData")()})


class DeclarativeBase:
    def __init_subclass__(cls, **kwargs):
        pass

    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)


NoResultFound = exc.NoResultFound


def __getattr__(name):
    return stub_fallback(__name__, name)
