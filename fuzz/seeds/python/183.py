# E-mail notifications: `notify_customer` -> `render_mail` (pure) and `_send` (smtplib), so calling it waits on SMTP.
import smtplib
from email.message import EmailMessage

SMTP_HOST = "smtp.internal"


def render_mail(subject, body, to):
    msg = EmailMessage()
    msg["From"] = "shop@example.com"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def _send(msg):
    with smtplib.SMTP(SMTP_HOST, 25, timeout=30) as smtp:
        smtp.sendmail(msg["From"], [msg["To"]], msg.as_string())


def notify_customer(email, subject, body):
    _send(render_mail(subject, body, email))
