"""Fake sqlalchemy.ext.asyncio: AsyncEngine.connect() is awaitable and an async
context manager (slot given back at exit); AsyncSession closes at the end of
`async with`."""

import sqlalchemy
from _oracle_ledger import stub_fallback
from sqlalchemy import orm

__oracle_fake__ = True


class AsyncConnection:
    def __init__(self, engine):
        self._engine = engine
        self._sync = None

    def _start(self):
        if self._sync is None:
            self._sync = self._engine.sync_engine.connect()
        return self

    def __await__(self):
        async def go():
            return self._start()

        return go().__await__()

    async def __aenter__(self):
        return self._start()

    async def __aexit__(self, *exc_info):
        await self.close()

    async def execute(self, statement, parameters=None, **kw):
        return self._sync.execute(statement, parameters)

    async def scalar(self, statement, parameters=None, **kw):
        return self._sync.execute(statement, parameters).scalar()

    async def commit(self):
        self._sync.commit()

    async def rollback(self):
        self._sync.rollback()

    async def close(self):
        if self._sync is not None:
            self._sync.close()

    @property
    def closed(self):
        return self._sync is None or self._sync.closed

    def begin(self):
        return _AsyncBegin(self._sync)

    def _oracle_resources(self):
        return self._sync._oracle_resources() if self._sync is not None else []

    def _oracle_norm(self, norm):
        return f"<sqlalchemy AsyncConnection {'closed' if self.closed else 'open'}>"


class _AsyncBegin:
    def __init__(self, conn):
        self._tx = conn.begin()

    async def __aenter__(self):
        return self._tx

    async def __aexit__(self, exc_type, exc, tb):
        return self._tx.__exit__(exc_type, exc, tb)  # commits without a fault point


class _EngineBegin:
    def __init__(self, engine):
        self._engine = engine
        self._conn = None

    async def __aenter__(self):
        self._conn = AsyncConnection(self._engine)._start()
        self._tx = self._conn._sync.begin()
        return self._conn

    async def __aexit__(self, exc_type, exc, tb):
        try:
            self._tx.__exit__(exc_type, exc, tb)
        finally:
            await self._conn.close()


class AsyncEngine:
    def __init__(self, sync_engine):
        self.sync_engine = sync_engine

    def connect(self):
        return AsyncConnection(self)

    def begin(self):
        return _EngineBegin(self)

    async def dispose(self, close=True):
        pass

    def _oracle_norm(self, norm):
        return "<sqlalchemy AsyncEngine>"


def create_async_engine(url, **kwargs):
    return AsyncEngine(sqlalchemy.create_engine(url, **kwargs))


class AsyncSession:
    def __init__(self, bind=None, **kwargs):
        engine = bind.sync_engine if isinstance(bind, AsyncEngine) else bind
        self._sync = orm.Session(bind=engine)

    async def execute(self, statement, params=None, **kw):
        return self._sync.execute(statement, params)

    async def scalar(self, statement, params=None, **kw):
        return self._sync.scalar(statement, params)

    async def scalars(self, statement, params=None, **kw):
        return self._sync.scalars(statement, params)

    async def get(self, entity, ident, **kw):
        return self._sync.get(entity, ident)

    def add(self, instance):
        self._sync.add(instance)

    def add_all(self, instances):
        self._sync.add_all(instances)

    async def delete(self, instance):
        self._sync.delete(instance)

    async def flush(self, objects=None):
        self._sync.flush()

    async def refresh(self, instance, **kw):
        self._sync.refresh(instance)

    async def commit(self):
        self._sync.commit()

    async def rollback(self):
        self._sync.rollback()

    async def close(self):
        self._sync.close()

    def begin(self):
        return _SessionBegin(self)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.close()

    def _oracle_resources(self):
        return self._sync._oracle_resources()

    def _oracle_norm(self, norm):
        return "<sqlalchemy AsyncSession>"


class _SessionBegin:
    def __init__(self, session):
        self._session = session

    async def __aenter__(self):
        return self._session

    async def __aexit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._session._sync._commit()
        else:
            await self._session.rollback()
        return False


class async_sessionmaker:  # noqa: N801
    def __init__(self, bind=None, class_=AsyncSession, expire_on_commit=True, **kwargs):
        self.bind = bind
        self.class_ = class_

    def __call__(self, **kw):
        return self.class_(bind=kw.pop("bind", self.bind), **kw)


def async_scoped_session(session_factory, scopefunc=None):
    return orm.scoped_session(session_factory)


def __getattr__(name):
    return stub_fallback(__name__, name)
