# SQLAlchemy: `engine.connect()` inside `engine.begin()` on the same engine; QueuePool makes the inner one wait when the pool is full.
from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=5, max_overflow=0, pool_timeout=30)


def next_invoice_number():
    with engine.connect() as conn:
        return conn.execute(text("SELECT nextval('invoice_numbers')")).scalar_one()


def close_month(month):
    with engine.begin() as conn:
        orders = conn.execute(text("SELECT id, total FROM orders WHERE month = :m AND invoiced = false"), {"m": month}).all()
        for order_id, total in orders:
            number = next_invoice_number()  # expect: CL305
            conn.execute(
                text("INSERT INTO invoices (number, order_id, total) VALUES (:n, :o, :t)"),
                {"n": number, "o": order_id, "t": total},
            )
        with engine.connect() as stats:  # expect: CL305
            stats.execute(text("REFRESH MATERIALIZED VIEW monthly_revenue"))
            stats.commit()
