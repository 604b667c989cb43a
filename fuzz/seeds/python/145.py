# Script that sends e-mail with smtplib inside `with closing(psycopg2.connect())`: both the SMTP connect and `sendmail` wait on the network.
import os
import smtplib
from contextlib import closing
from email.message import EmailMessage

import psycopg2

DSN = os.environ["DATABASE_URL"]


def send_overdue_reminders():
    with closing(psycopg2.connect(DSN)) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, email, amount FROM invoices WHERE due < now() AND NOT reminded")
            overdue = cur.fetchall()
            with smtplib.SMTP("smtp.internal", 587, timeout=30) as smtp:  # expect: CL302
                for invoice_id, email, amount in overdue:
                    msg = EmailMessage()
                    msg["To"] = email
                    msg["Subject"] = f"Invoice {invoice_id} is overdue"
                    msg.set_content(f"Amount due: {amount}")
                    smtp.sendmail("billing@example.com", [email], msg.as_string())  # expect: CL302
                    cur.execute("UPDATE invoices SET reminded = true WHERE id = %s", (invoice_id,))
        conn.commit()


if __name__ == "__main__":
    send_overdue_reminders()
