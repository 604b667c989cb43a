# Calls declared slow in connlint.toml (`geocoder_sdk.*`, `billing_client.charge`, the project function `app.llm.complete`) inside `with get_db_cursor()`; `refund` and `truncate` are not slow.
import geocoder_sdk
from billing_client import charge, refund

from app.db import get_db_cursor
from app.llm import complete, truncate


def place_order(cart_id, address, card_token):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT total FROM carts WHERE id = %s", (cart_id,))
        (total,) = cur.fetchone()
        point = geocoder_sdk.lookup(address)  # expect: CL302
        payment = charge(card_token, total)  # expect: CL302
        cur.execute(
            "INSERT INTO orders (cart_id, lat, lon, payment_id) VALUES (%s, %s, %s, %s)",
            (cart_id, point.lat, point.lon, payment.id),
        )


def cancel_order(order_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE orders SET status = 'cancelled' WHERE id = %s RETURNING payment_id", (order_id,))
        (payment_id,) = cur.fetchone()
        refund(payment_id)


def describe_order(order_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT items FROM orders WHERE id = %s", (order_id,))
        (items,) = cur.fetchone()
        text = complete(truncate(f"Write a one-line summary of this order: {items}"))  # expect: CL302
        cur.execute("UPDATE orders SET description = %s WHERE id = %s", (text, order_id))
