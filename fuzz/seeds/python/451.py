# Negative: a thread-local holding request data (an id, a per-thread cache dict), not a connection.
import threading
import time
import uuid

from flask import Flask, jsonify, request

app = Flask(__name__)
_ctx = threading.local()


@app.before_request
def start_request():
    _ctx.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
    _ctx.started = time.monotonic()
    _ctx.cache = {}


@app.after_request
def add_headers(response):
    response.headers["X-Request-Id"] = _ctx.request_id
    response.headers["Server-Timing"] = f"app;dur={(time.monotonic() - _ctx.started) * 1000:.1f}"
    return response


@app.route("/whoami")
def whoami():
    return jsonify({"request": _ctx.request_id})
