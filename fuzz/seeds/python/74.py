# Negative: a Django async view that wraps its sync reporting query with asgiref's `sync_to_async`.
from contextlib import closing

import psycopg2
from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse


def monthly_revenue(year):
    with closing(psycopg2.connect(settings.REPORTING_DSN)) as conn:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT date_trunc('month', paid_at), sum(amount) FROM payments "
                "WHERE extract(year FROM paid_at) = %s GROUP BY 1 ORDER BY 1",
                (year,),
            )
            return cur.fetchall()


async def revenue_by_month(request):
    year = int(request.GET.get("year", 2024))
    rows = await sync_to_async(monthly_revenue, thread_sensitive=False)(year)
    return JsonResponse({"months": [[m.isoformat(), float(total)] for m, total in rows]})
