# Django management command that classifies tickets with Anthropic inside `with pool.connection()`: one finding for the call in the loop.
import anthropic
from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg_pool import ConnectionPool

pool = ConnectionPool(settings.SUPPORT_DB_URL, max_size=4)
client = anthropic.Anthropic()


class Command(BaseCommand):
    help = "Classify unclassified support tickets"

    def handle(self, *args, **options):
        with pool.connection() as conn:
            tickets = conn.execute("SELECT id, body FROM tickets WHERE category IS NULL LIMIT 500").fetchall()
            for ticket_id, body in tickets:
                message = client.messages.create(  # expect: CL302
                    model="claude-3-5-haiku-latest",
                    max_tokens=16,
                    messages=[{"role": "user", "content": f"One word category for:\n{body}"}],
                )
                conn.execute(
                    "UPDATE tickets SET category = %s WHERE id = %s",
                    (message.content[0].text.strip(), ticket_id),
                )
            self.stdout.write(f"classified {len(tickets)} tickets")
