# A Django view that closes its pooled connection on two paths: one finding per `close()` call.
from django.http import JsonResponse
from psycopg2.pool import ThreadedConnectionPool

reporting_pool = ThreadedConnectionPool(1, 8, dsn="dbname=reporting user=web")


def revenue(request):
    conn = reporting_pool.getconn()  # expect: CL101
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT date_trunc('month', paid_at), sum(amount) FROM payments GROUP BY 1 ORDER BY 1")
            rows = cur.fetchall()
    except:  # noqa: E722 -- legacy code: release on any error, then re-raise
        conn.close()  # expect: CL104
        raise
    conn.close()  # expect: CL104
    return JsonResponse({"months": [[str(month), float(total)] for month, total in rows]})
