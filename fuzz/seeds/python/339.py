# Negative: SQLAlchemy with the application engine and a separate analytics engine (two pools) used together.
from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=10)
analytics_engine = create_engine("postgresql+psycopg2://etl@warehouse/analytics", pool_size=2)


def warehouse_total(customer_id):
    with analytics_engine.connect() as wh:
        return wh.execute(text("SELECT sum(amount) FROM facts WHERE customer_id = :c"), {"c": customer_id}).scalar()


def sync_lifetime_value(customer_id):
    with engine.begin() as conn:
        total = warehouse_total(customer_id)
        with analytics_engine.connect() as wh:
            segment = wh.execute(text("SELECT segment FROM segments WHERE customer_id = :c"), {"c": customer_id}).scalar()
        conn.execute(
            text("UPDATE customers SET ltv = :t, segment = :s WHERE id = :c"),
            {"t": total, "s": segment, "c": customer_id},
        )
