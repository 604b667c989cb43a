# SQLAlchemy: `with engine.connect()` / `engine.begin()` held while `subprocess` renders a PDF or asks git for the revision.
import subprocess
import tempfile

from sqlalchemy import create_engine, text

engine = create_engine("postgresql+psycopg2://app@db/app", pool_size=10, max_overflow=5)


def render_invoice_pdf(invoice_id):
    with engine.connect() as conn:
        html = conn.execute(text("SELECT html FROM invoices WHERE id = :id"), {"id": invoice_id}).scalar_one()
        with tempfile.NamedTemporaryFile("w", suffix=".html") as src:
            src.write(html)
            src.flush()
            subprocess.run(["wkhtmltopdf", src.name, f"/srv/invoices/{invoice_id}.pdf"], check=True)  # expect: CL302
        conn.execute(text("UPDATE invoices SET rendered = true WHERE id = :id"), {"id": invoice_id})
        conn.commit()


def record_deploy(environment):
    with engine.begin() as conn:
        revision = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()  # expect: CL302
        conn.execute(
            text("INSERT INTO deploys (environment, revision) VALUES (:e, :r)"),
            {"e": environment, "r": revision},
        )


def vacuum_and_notify(table):
    with engine.connect() as conn:
        conn.execute(text(f"ANALYZE {table}"))
        subprocess.call(["/usr/local/bin/notify-ops", f"analyzed {table}"])  # expect: CL302
