# A Django async view that reaches a reporting database through psycopg2 directly.
from contextlib import closing

import psycopg2
from django.conf import settings
from django.http import JsonResponse


async def revenue_by_month(request):
    year = int(request.GET.get("year", 2024))
    with closing(psycopg2.connect(settings.REPORTING_DSN)) as conn:  # expect: CL301
        with conn.cursor() as cur:
            cur.execute(
                "SELECT date_trunc('month', paid_at), sum(amount) FROM payments "
                "WHERE extract(year FROM paid_at) = %s GROUP BY 1 ORDER BY 1",
                (year,),
            )
            rows = cur.fetchall()
    return JsonResponse({"months": [[m.isoformat(), float(total)] for m, total in rows]})
