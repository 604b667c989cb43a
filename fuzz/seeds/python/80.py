# Negative: SQLAlchemy's asyncio extension: `create_async_engine`, `async_sessionmaker` and `AsyncSession`.
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from .models import Order

engine = create_async_engine("postgresql+asyncpg://shop@db/shop", pool_size=20)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


@app.get("/orders/count")
async def order_count():
    async with engine.connect() as conn:
        return {"count": (await conn.execute(text("SELECT count(*) FROM orders"))).scalar_one()}


@app.get("/orders/{order_id}")
async def get_order(order_id: int):
    async with SessionLocal() as session:
        order = (await session.scalars(select(Order).where(Order.id == order_id))).one()
        return {"id": order.id, "status": order.status}


@app.post("/orders/{order_id}/cancel")
async def cancel(order_id: int):
    async with AsyncSession(engine) as session, session.begin():
        await session.execute(text("UPDATE orders SET status = 'cancelled' WHERE id = :id"), {"id": order_id})
    return {"ok": True}
