# Negative: inside the block only non-slow project functions run; the slow ones are called after the block.
from app.db import get_db_cursor
from app.services.pricing import discount, with_vat
from app.services.webhooks import deliver, make_notifier

HOOK = "https://hooks.example.com/orders"


def checkout(cart_id, code):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT net FROM carts WHERE id = %s", (cart_id,))
        (net,) = cur.fetchone()
        total = discount(with_vat(net), code)
        notify = make_notifier(HOOK)
        cur.execute("INSERT INTO orders (cart_id, total) VALUES (%s, %s) RETURNING id", (cart_id, total))
        (order_id,) = cur.fetchone()
    notify({"order_id": order_id, "total": str(total)})
    deliver(HOOK, {"order_id": order_id, "event": "created"})
    return order_id
