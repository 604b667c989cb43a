# Negative: an async middleware binds an AsyncSession to a ContextVar inside `async with`, and resets it in `finally`.
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from starlette.middleware.base import BaseHTTPMiddleware

engine = create_async_engine("postgresql+asyncpg://app@db/app", pool_size=20)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
db_session: ContextVar[AsyncSession] = ContextVar("db_session")


class SessionMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        async with SessionLocal() as session:
            token = db_session.set(session)
            try:
                response = await call_next(request)
                await session.commit()
                return response
            finally:
                db_session.reset(token)
