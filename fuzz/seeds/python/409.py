# A Flask view that builds a SQLAlchemy engine (an engine is a pool) for each request it serves.
from flask import Flask, abort, jsonify
from sqlalchemy import create_engine, text

app = Flask(__name__)
app.config.from_prefixed_env()


@app.route("/invoices/<int:invoice_id>")
def show_invoice(invoice_id):
    engine = create_engine(app.config["DATABASE_URL"], pool_pre_ping=True)  # expect: CL202
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, customer_id, total FROM invoices WHERE id = :id"),
            {"id": invoice_id},
        ).one_or_none()
    if row is None:
        abort(404)
    return jsonify(id=row.id, customer_id=row.customer_id, total=str(row.total))
