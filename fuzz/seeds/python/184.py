# Celery tasks holding `get_db_cursor()` across project functions that are slow two and three calls down (SMTP, Slack).
from celery import shared_task

from app.db import get_db_cursor
from app.integrations import slack
from app.notifications import render_mail, notify_customer


@shared_task
def ship_order(order_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("UPDATE orders SET status = 'shipped' WHERE id = %s RETURNING email", (order_id,))
        (email,) = cur.fetchone()
        notify_customer(email, "Your order has shipped", f"Order {order_id} is on its way.")  # expect: CL302
        slack.post_message("#fulfilment", f"Order {order_id} shipped")  # expect: CL302


@shared_task
def preview_shipping_mail(order_id):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT email FROM orders WHERE id = %s", (order_id,))
        (email,) = cur.fetchone()
        msg = render_mail("Your order has shipped", f"Order {order_id} is on its way.", email)
    return msg.as_string()
