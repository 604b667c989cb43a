# Flask views on SQLite with `with sqlite3.connect(...) as db:`: every request leaves a database handle open.
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
DATABASE = "/var/lib/notes/notes.db"


@app.get("/notes")
def list_notes():
    with sqlite3.connect(DATABASE) as db:  # expect: CL105 "closing"
        rows = db.execute("SELECT id, body FROM notes ORDER BY id").fetchall()
    return jsonify(rows)


@app.post("/notes")
def add_note():
    body = request.get_json()["body"]
    with sqlite3.connect(DATABASE) as db:  # expect: CL105
        cur = db.execute("INSERT INTO notes (body) VALUES (?)", (body,))
        note_id = cur.lastrowid
    return jsonify({"id": note_id}), 201
