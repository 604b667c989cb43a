# A Django management command with `with psycopg2.connect(...) as conn, conn.cursor() as cur:`: the cursor closes, the connection does not.
import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Copy yesterday's orders into the analytics warehouse"

    def handle(self, *args, **options):
        with psycopg2.connect(**settings.WAREHOUSE_DB) as conn, conn.cursor() as cur:  # expect: CL105
            cur.execute("INSERT INTO orders_daily SELECT * FROM staging_orders WHERE day = current_date - 1")
            self.stdout.write(f"copied {cur.rowcount} rows")
