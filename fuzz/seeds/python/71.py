# Negative: `anyio.to_thread.run_sync` runs the SQLAlchemy session work in a worker thread.
import anyio.to_thread
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from .models import Invoice

engine = create_engine("postgresql+psycopg2://billing@db/billing")
SessionLocal = sessionmaker(bind=engine)


def overdue_invoices():
    with SessionLocal() as session:
        return [inv.id for inv in session.scalars(select(Invoice).where(Invoice.overdue.is_(True)))]


def mark_reminded(invoice_ids):
    with SessionLocal.begin() as session:
        for invoice in session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))):
            invoice.reminded = True


async def send_reminders(mailer):
    ids = await anyio.to_thread.run_sync(overdue_invoices)
    for invoice_id in ids:
        await mailer.send_reminder(invoice_id)
    await anyio.to_thread.run_sync(mark_reminded, ids)
