#!/usr/bin/env python3
"""The cache against no cache, edit after edit, on a copy of a real project.

    scripts/cache-differential.py BIN PROJECT [EDITS] [SEED]

Copies PROJECT to a temporary directory, warms connlint's cache there, then
makes EDITS random edits (default 20), each followed by a run with the cache
and a run with --no-cache: their JSON outputs must be the same. Edits fall
mostly on the files pass 1 analyses (where a change can move the project's
summaries): a line deleted, a line duplicated, two lines swapped, a helper
appended, a file removed, a file copied under a new module name, and an
edit of a comment. Prints each edit and, for a mismatch, the diff; exits 1
if any run differed.
"""
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def run(binary, root, *extra, trace=False):
    env = dict(os.environ)
    if trace:
        env["CONNLINT_TRACE"] = "1"
    p = subprocess.run(
        [binary, "check", ".", "--output-format", "json", "--exit-zero", *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    return p.stdout, p.stderr


def analysed(binary, root):
    """The files pass 1 analysed (from the trace)."""
    _, err = run(binary, root, trace=True)
    for line in err.splitlines():
        if "pass 1 files:" in line:
            return [p for p in line.split("\t")[1:] if p]
    return []


def edit(rng, root, files):
    every = []
    for d, _, names in os.walk(root):
        if ".connlint_cache" in d:
            continue
        every += [os.path.join(d, n) for n in names if n.endswith(".py")]
    path = rng.choice(files) if files and rng.random() < 0.8 else rng.choice(every)
    rel = os.path.relpath(path, root)
    kind = rng.choice(
        ["delete", "delete", "duplicate", "swap", "append", "comment", "remove", "copy"]
    )
    if not os.path.exists(path):
        return f"{rel}: gone already"
    if kind == "remove":
        os.remove(path)
        return f"{rel}: removed"
    if kind == "copy":
        new = os.path.join(os.path.dirname(path), f"copy_{rng.randrange(10**6)}.py")
        shutil.copy(path, new)
        return f"{rel}: copied to {os.path.relpath(new, root)}"
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except UnicodeDecodeError:
        return f"{rel}: not UTF-8, left alone"
    i = rng.randrange(len(lines))
    if kind == "delete":
        what = lines.pop(i)
    elif kind == "duplicate":
        what = lines[i]
        lines.insert(i, lines[i])
    elif kind == "swap" and i + 1 < len(lines):
        what = lines[i]
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "append":
        what = "def _differential_helper(conn):"
        lines += ["", "", what, "    conn.close()", ""]
    else:
        what = "# a comment"
        lines.insert(i, what) if not lines[i].rstrip().endswith("\\") else None
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    return f"{rel}:{i + 1}: {kind} {what.strip()[:60]!r}"


def main():
    binary, project = os.path.abspath(sys.argv[1]), sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed)
    work = tempfile.mkdtemp()
    root = os.path.join(work, "project")
    shutil.copytree(project, root, ignore=shutil.ignore_patterns(".connlint_cache", ".git"))
    try:
        files = analysed(binary, root)
        run(binary, root)
        bad = 0
        for n in range(1, edits + 1):
            what = edit(rng, root, files)
            cached, _ = run(binary, root)
            fresh, _ = run(binary, root, "--no-cache")
            same = json.loads(cached or "null") == json.loads(fresh or "null")
            print(f"{n:3} {'ok  ' if same else 'DIFF'} {what}", flush=True)
            if not same:
                bad += 1
                a = json.dumps(json.loads(cached or "null"), indent=1).splitlines()
                b = json.dumps(json.loads(fresh or "null"), indent=1).splitlines()
                print("\n".join(difflib.unified_diff(a, b, "cached", "no-cache", lineterm="", n=2)))
        print(f"{edits} edits, {bad} with different output")
        sys.exit(1 if bad else 0)
    finally:
        shutil.rmtree(work)


main()
