# A Django view that raises after taking the connection and before the `try` that would give it back.
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from psycopg2.pool import ThreadedConnectionPool

reporting_pool = ThreadedConnectionPool(1, 10, dsn=settings.REPORTING_DSN)


def revenue(request):
    conn = reporting_pool.getconn()  # expect: CL101 CL102
    if not request.user.is_staff:
        raise PermissionDenied("staff only")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT coalesce(sum(total), 0) FROM orders WHERE paid")
            total = cur.fetchone()[0]
    finally:
        reporting_pool.putconn(conn)
    return JsonResponse({"revenue": total})
