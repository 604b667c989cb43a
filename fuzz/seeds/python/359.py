# Negative: while holding an `app.db` connection, the code reads from the warehouse pool, directly and through `revenue_for()`.
from app.db import get_db_cursor
from app.warehouse import revenue_for, warehouse_cursor


def refresh_customer_stats(customer_id):
    with get_db_cursor() as (cur, conn):
        revenue = revenue_for(customer_id)
        with warehouse_cursor() as wcur:
            wcur.execute("SELECT count(*) FROM order_facts WHERE customer_id = %s", (customer_id,))
            (orders,) = wcur.fetchone()
        cur.execute(
            "UPDATE customers SET revenue = %s, orders = %s WHERE id = %s",
            (revenue, orders, customer_id),
        )
