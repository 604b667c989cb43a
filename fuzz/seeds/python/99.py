# A Quart app: `with psycopg2.connect()` in a coroutine blocks (and, as a `with`, does not even close the connection).
import sqlite3

import psycopg2
from quart import Quart, jsonify

app = Quart(__name__)
app.config["DATABASE_URL"] = "postgresql://notes@db/notes"


@app.route("/notes/<int:note_id>")
async def get_note(note_id):
    with psycopg2.connect(app.config["DATABASE_URL"]) as conn:  # expect: CL105 CL301
        with conn.cursor() as cur:
            cur.execute("SELECT id, body FROM notes WHERE id = %s", (note_id,))
            row = cur.fetchone()
    return jsonify({"id": row[0], "body": row[1]})


@app.route("/drafts")
async def list_drafts():
    db = sqlite3.connect("/var/lib/notes/drafts.db")  # expect: CL101 CL301
    try:
        rows = db.execute("SELECT id, title FROM drafts ORDER BY updated_at DESC").fetchall()
    finally:
        db.close()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])
