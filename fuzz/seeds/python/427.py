# Django function views (first parameter `request` in views.py) that build an engine per request.
from django.conf import settings
from django.http import JsonResponse
from sqlalchemy import create_engine, text

from shop.db import warehouse_engine

analytics_engine = None
_tenant_engines = {}


def sales_report(request):
    # Stored in a global, but without the `if ... is None` guard: rebuilt on every request.
    global analytics_engine
    analytics_engine = create_engine(settings.ANALYTICS_DATABASE_URL, pool_size=5)  # expect: CL202
    with analytics_engine.connect() as conn:
        rows = conn.execute(text("SELECT day, total FROM daily_sales ORDER BY day DESC LIMIT 30")).all()
    return JsonResponse({"days": [{"day": str(r.day), "total": float(r.total)} for r in rows]})


def tenant_usage(request, tenant_id):
    # A module-level registry is fine at start-up, not when every request overwrites it.
    _tenant_engines[tenant_id] = create_engine(settings.TENANT_URLS[tenant_id])  # expect: CL202
    with _tenant_engines[tenant_id].connect() as conn:
        used = conn.execute(text("SELECT sum(bytes) FROM storage_usage")).scalar_one()
    return JsonResponse({"tenant": tenant_id, "bytes": used})


def stock_level(request, sku):
    # Uses the engine built once in shop/db.py: not a finding.
    with warehouse_engine.connect() as conn:
        qty = conn.execute(text("SELECT qty FROM stock WHERE sku = :sku"), {"sku": sku}).scalar_one()
    return JsonResponse({"sku": sku, "qty": qty})
