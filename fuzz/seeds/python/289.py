# A Django view reaching a legacy MySQL database with PyMySQL by hand.
import pymysql
from django.conf import settings
from django.http import JsonResponse


def legacy_customers(request):
    connection = pymysql.connect(**settings.LEGACY_DB)  # expect: CL101 CL102
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM customers")
        rows = cursor.fetchall()
    connection.close()
    return JsonResponse({"customers": rows})
