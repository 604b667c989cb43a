# A helper behind a Pyramid view that calls engine_from_config on every call and drops the engine.
from pyramid.view import view_config
from sqlalchemy import engine_from_config, text


def count_open_tickets(settings):
    engine = engine_from_config(settings, "sqlalchemy.")  # expect: CL202
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM tickets WHERE closed_at IS NULL")).scalar_one()


@view_config(route_name="dashboard", renderer="json")
def dashboard(request):
    return {"open_tickets": count_open_tickets(request.registry.settings)}
