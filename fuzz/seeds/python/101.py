# A sync SQLAlchemy engine and sessionmaker used from `async def`: `with engine.connect()` and `with Session()` both block.
from fastapi import FastAPI
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker

from .models import Order

engine = create_engine("postgresql+psycopg2://shop@db/shop", pool_size=20, max_overflow=10)
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


@app.get("/orders/count")
async def order_count():
    with engine.connect() as conn:  # expect: CL301
        return {"count": conn.execute(text("SELECT count(*) FROM orders")).scalar_one()}


@app.get("/orders/{order_id}")
async def get_order(order_id: int):
    with SessionLocal() as session:  # expect: CL301
        order = session.scalars(select(Order).where(Order.id == order_id)).one()
        return {"id": order.id, "status": order.status}
