#!/usr/bin/env python3
"""Edit-to-diagnostics latency of `connlint server`, over stdio, as an
editor sees it: the time from sending `textDocument/didChange` to receiving
the `textDocument/publishDiagnostics` it causes for the open file.

    scripts/bench-server.py BIN PROJECT ROUTER [DB] [RUNS]

Opens ROUTER (and DB, if given), waits for the first diagnostics (the
initial index: the whole project read, cold cache), then RUNS times edits
ROUTER (a statement added inside its first function) and, with DB, RUNS
times edits DB (a function added: the project's summaries change, so the
router is re-checked) and waits for the router's diagnostics each time.
Prints the median and the 90th percentile of each, in milliseconds.
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                raise SystemExit("the server closed its output")
            header += c
        length = next(
            int(l.split(b":")[1]) for l in header.split(b"\r\n") if l.lower().startswith(b"content-length")
        )
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_of(self, uri):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]


def main():
    binary, project, router = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve()
    db = Path(sys.argv[4]).resolve() if len(sys.argv) > 4 and sys.argv[4] else None
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 15
    s = Server(binary)
    s.request("initialize", {"processId": None, "rootUri": project.as_uri(), "capabilities": {}})
    s.notify("initialized", {})
    texts = {}
    versions = {}

    def open_doc(path):
        texts[path] = path.read_text()
        versions[path] = 1
        s.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": texts[path]}},
        )

    def change(path, text):
        versions[path] += 1
        s.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": path.as_uri(), "version": versions[path]},
                "contentChanges": [{"text": text}],
            },
        )

    started = time.perf_counter()
    open_doc(router)
    first = s.diagnostics_of(router.as_uri())
    initial = (time.perf_counter() - started) * 1000
    if db:
        open_doc(db)
        s.diagnostics_of(router.as_uri())
    print(f"initial index: {initial:.0f} ms, {len(first)} diagnostics in {router.name}")

    def measure(path, edit):
        times = []
        for i in range(runs):
            text = edit(texts[path], i)
            t = time.perf_counter()
            change(path, text)
            s.diagnostics_of(router.as_uri())
            times.append((time.perf_counter() - t) * 1000)
        # Put the original text back for the next measurement.
        change(path, texts[path])
        s.diagnostics_of(router.as_uri())
        return times

    def edit_router(text, i):
        head, sep, tail = text.partition("):\n")
        return f"{head}{sep}    _edit_{i} = {i}\n{tail}"

    def edit_db(text, i):
        return text + f"\n\ndef helper_{i}():\n    return db_pool.getconn()\n"

    report = [("edit in the router", measure(router, edit_router))]
    if db:
        report.append(("edit in db.py", measure(db, edit_db)))
    for name, times in report:
        times.sort()
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"{name}: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms ({runs} edits)")
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)


if __name__ == "__main__":
    main()
