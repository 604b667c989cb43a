# A streaming response fed by an async generator that pages through a sync SQLAlchemy connection.
import csv
import io

from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

engine = create_engine("postgresql+psycopg2://crm@db/crm", pool_pre_ping=True)


async def contact_rows():
    with engine.connect() as conn:  # expect: CL301
        result = conn.execution_options(stream_results=True).execute(text("SELECT id, name, email FROM contacts"))
        for chunk in result.partitions(1000):
            buf = io.StringIO()
            csv.writer(buf).writerows(chunk)
            yield buf.getvalue()


async def export_contacts(request):
    return StreamingResponse(contact_rows(), media_type="text/csv")


app = Starlette(routes=[Route("/contacts.csv", export_contacts)])
