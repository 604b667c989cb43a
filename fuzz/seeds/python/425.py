# Django and DRF class-based views whose handler methods build pools: a view instance lives for one request.
import os

import pymysql
from dbutils.pooled_db import PooledDB
from django.conf import settings
from django.http import HttpResponse
from django.views import View
from rest_framework.response import Response
from rest_framework.views import APIView
from sqlalchemy import create_engine, text


class InventoryExportView(View):
    def get(self, request):
        self.engine = create_engine(settings.WAREHOUSE_DATABASE_URL)  # expect: CL202
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT sku, qty FROM stock ORDER BY sku")).all()
        body = "\n".join(f"{r.sku},{r.qty}" for r in rows)
        return HttpResponse(body, content_type="text/csv")


class StockAdjustmentAPIView(APIView):
    def post(self, request):
        pool = PooledDB(  # expect: CL202
            creator=pymysql,
            maxconnections=5,
            host="legacy-db",
            user="stock",
            password=os.environ["LEGACY_DB_PASSWORD"],
            database="warehouse",
        )
        with pool.connection() as db:
            with db.cursor() as cur:
                cur.execute(
                    "UPDATE stock SET qty = qty + %s WHERE sku = %s",
                    (request.data["delta"], request.data["sku"]),
                )
            db.commit()
        return Response({"ok": True})
