#!/usr/bin/env python3
"""Recall of connlint's Rust CL302/CL304 on the UI tests of a rustc-driver peer.

    scripts/peer-rust-lint.py MIRROR_GITDIR DEST [--bin PATH] [--markdown]

The peer is `txn_held_across_await` (and its sibling `txn_without_commit`),
the custom rustc driver in NVIDIA/infra-controller, `lints/carbide-lints/`
(Apache-2.0). MIRROR_GITDIR is a bare clone of that repository (the `fetch`
tool's /work/.mirror/NVIDIA+infra-controller/repo, or `git clone --bare`);
the tests are read at PEER_COMMIT below, whatever the mirror's branches say.
See ecosystem/peer-rust-lint.md for what the numbers mean.

Extraction. Every `.rs` file under PEER_TESTS with a sibling `.stderr` (the
compiler output the peer's tests/integration.rs diffs against) or with `//~`
annotations is a test. Its fixture crate (the nearest directory up with a
Cargo.toml) is written to DEST/<crate path below PEER_TESTS, minus
`fixtures/`, with `/` as `-`>: the `.rs`, `.stderr` and Cargo.toml files
only. The `tests/` of the peer's path is dropped on purpose: connlint does
not check files under `tests/`, and this is not test code for it. DEST is
overwritten crate by crate; the peer's files are never copied into
/work/main.

Expected diagnostics. From the `.stderr`: each `error:`/`warning:` header
followed by a `--> FILE:LINE:COL` line (the primary span; a `note:` block
with its own `-->` is kept as the note, e.g. "Transaction declared here").
From `//~` annotations (compiletest syntax: `//~ ERROR msg`, `//~^ ERROR`
for the line above, `//~| ` for the line of the previous one, `//~v` below):
ERROR and WARN(ING) only, no column. The message says which lint it is:

- "... held across this 'await' point" is txn_held_across_await: CL302;
- "... dropped by this function without commit()/rollback() ..." is
  txn_without_commit: CL304.

Anything else (the final "could not compile" line, an internal diagnostic)
is listed as unmapped and not scored. The same (rule, line, column) from
both sources counts once.

Matching (one finding matches at most one expected diagnostic):

- CL302. The peer points at the `await` keyword; connlint points at the
  awaited expression (the `X` of `X.await`, from its start to its end). A
  CL302 finding matches when only whitespace, comments and the `.` lie
  between the end of its range and the peer's `await` column: the same
  `.await`, whichever lines the chain spans. With no column (a `//~`
  annotation), it matches when the annotated line runs from the finding's
  first line to the line after its last (`foo(\\n..)\\n.await`). The guard
  is not compared: the peer emits one diagnostic per (await, transaction),
  connlint one per await, so expected diagnostics at the same `await` count
  once.
- CL304. The peer points at the binding (`txn` of `let txn = ..`, or a
  parameter's pattern); connlint at the `begin()`-like value of the `let`
  (or the parameter). A CL304 finding matches when it starts inside the
  same declaration: from `let` to the `;` that ends the statement, or for a
  parameter from its pattern to the `,`/`)` that ends it. With no column,
  the same line.
- CL305. The peer has no nested-acquisition lint, but an `.await` on a
  second checkout (`pool.acquire().await`, `.execute(&pool).await`) with a
  transaction held is one of its txn_held_across_await diagnostics, which
  connlint reports as CL305 (same pool) instead of CL302. So a CL305
  finding also matches a txn_held_across_await diagnostic, by the CL302
  rule (its range ends right before that `.await`).

CL302 findings are tried first, so a CL305 on the same `.await` is left
over (and then counted as spurious, as it reports a second connection the
peer's fixtures do not mean).

Spurious: CL302, CL304 and CL305 findings in a test file that match no
expected diagnostic (the peer's fixtures mark their silent functions
"good"/"No warnings"). Other rules' findings are listed as unscored.

Output: per test file, each expected diagnostic (found or missed, with the
function it is in and the peer's note), the spurious findings and the
unscored ones; then totals: recall = found / expected, and the number of
spurious findings. --markdown prints the tables for the README instead.

Exit status: 1 when the mirror lacks PEER_COMMIT or holds no test, 2 when
connlint fails.
"""

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent

PEER_REPO = "NVIDIA/infra-controller"
# main on 2026-05-30 (a02fa34b7, #1791), after #1893 (PoolConnection) and #1986.
PEER_COMMIT = "a02fa34b71dcd413a81329dd77ac24e57c164295"
PEER_TESTS = "lints/carbide-lints/tests"

SCORED = ("CL302", "CL304", "CL305")

# Message of the peer's diagnostic -> (peer lint, connlint rule).
LINTS = [
    (re.compile(r"held across this 'await' point"), "txn_held_across_await", "CL302"),
    (re.compile(r"without commit\(\)/rollback\(\)"), "txn_without_commit", "CL304"),
]


def classify(message):
    for pattern, lint, rule in LINTS:
        if pattern.search(message):
            return lint, rule
    return None, None


# ---------------------------------------------------------------- the mirror

def git(gitdir, *args, binary=False):
    out = subprocess.run(
        ["git", f"--git-dir={gitdir}", *args], capture_output=True, check=False
    )
    if out.returncode != 0:
        sys.exit(f"peer-rust-lint: git {' '.join(args)}: {out.stderr.decode().strip()}")
    return out.stdout if binary else out.stdout.decode()


def extract(gitdir, dest):
    """Write each fixture crate of the pinned commit to DEST; return the tests."""
    probe = subprocess.run(
        ["git", f"--git-dir={gitdir}", "cat-file", "-e", f"{PEER_COMMIT}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        sys.exit(
            f"peer-rust-lint: {gitdir} has no commit {PEER_COMMIT} "
            f"(fetch github:{PEER_REPO} again)"
        )
    files = git(gitdir, "ls-tree", "-r", "--name-only", PEER_COMMIT, "--", PEER_TESTS).split()
    present = set(files)
    tests = []
    for path in files:
        if not path.endswith(".rs"):
            continue
        stderr = path[: -len(".rs")] + ".stderr"
        text = git(gitdir, "show", f"{PEER_COMMIT}:{path}")
        if stderr not in present and "//~" not in text:
            continue  # the harness (tests/integration.rs), a module without expectations
        # The fixture crate: the nearest directory up with a Cargo.toml, else the file's own.
        crate = own = pathlib.PurePosixPath(path).parent
        while f"{crate}/Cargo.toml" not in present and str(crate) != PEER_TESTS:
            crate = crate.parent
        if f"{crate}/Cargo.toml" not in present:
            crate = own
        tests.append((path, str(crate), stderr if stderr in present else None))
    if not tests:
        sys.exit(f"peer-rust-lint: no UI test under {PEER_TESTS} at {PEER_COMMIT}")

    out = []
    done = set()
    for path, crate, stderr in tests:
        rel = crate[len(PEER_TESTS):].strip("/")
        parts = [p for p in rel.split("/") if p and p != "fixtures"] or ["root"]
        name = "-".join(parts)
        target = pathlib.Path(dest) / name
        if crate not in done:
            done.add(crate)
            if target.exists():
                shutil.rmtree(target)
            for f in files:
                if not f.startswith(crate + "/"):
                    continue
                if not (f.endswith((".rs", ".stderr")) or f.endswith("/Cargo.toml")):
                    continue
                local = target / f[len(crate) + 1:]
                local.parent.mkdir(parents=True, exist_ok=True)
                local.write_bytes(git(gitdir, "show", f"{PEER_COMMIT}:{f}", binary=True))
        out.append({
            "name": name,
            "peer_path": path,
            "root": target,
            "file": path[len(crate) + 1:],
            "stderr": stderr[len(crate) + 1:] if stderr else None,
        })
    return out


# ---------------------------------------------------------------- expectations

HEADER = re.compile(r"^(error|warning)(?:\[[^\]]*\])?: (.*)$")
NOTE = re.compile(r"^(note|help): (.*)$")
ARROW = re.compile(r"^\s*--> (.+):(\d+):(\d+)\s*$")
ANNOTATION = re.compile(r"//~(\^+|\||v+)?\s*(ERROR|WARNING|WARN|NOTE|HELP)\b:?\s*(.*)$")


def stderr_expectations(text, file):
    """(line, col, message, note) of each primary diagnostic in `file`."""
    diags, current, target = [], None, None
    for row in text.splitlines():
        m = HEADER.match(row)
        if m:
            current = {"message": m.group(2).strip(), "where": None, "note": None}
            diags.append(current)
            target = "where"
            continue
        m = NOTE.match(row)
        if m and current is not None:
            current["note"] = [m.group(2).strip(), None]
            target = "note"
            continue
        m = ARROW.match(row)
        if m and current is not None:
            place = (m.group(1), int(m.group(2)), int(m.group(3)))
            if target == "where" and current["where"] is None:
                current["where"] = place
            elif target == "note" and current["note"] and current["note"][1] is None:
                current["note"][1] = place
    out = []
    for d in diags:
        if d["where"] is None:
            continue  # "could not compile ...", "aborting due to ..."
        path, line, col = d["where"]
        if pathlib.PurePosixPath(path) != pathlib.PurePosixPath(file):
            continue
        note = None
        if d["note"] and d["note"][1]:
            note = f"{d['note'][0]} (line {d['note'][1][1]})"
        out.append((line, col, d["message"], note))
    return out


def annotation_expectations(text):
    out, last = [], None
    for no, row in enumerate(text.splitlines(), 1):
        m = ANNOTATION.search(row)
        if not m:
            continue
        mark, kind, message = m.group(1) or "", m.group(2), m.group(3).strip()
        if mark.startswith("^"):
            line = no - len(mark)
        elif mark == "|":
            line = last if last is not None else no
        elif mark.startswith("v"):
            line = no + len(mark)
        else:
            line = no
        last = line
        if kind in ("ERROR", "WARN", "WARNING"):
            out.append((line, None, message, None))
    return out


def expectations(test):
    source = (test["root"] / test["file"]).read_text()
    raw = []
    if test["stderr"]:
        raw += stderr_expectations((test["root"] / test["stderr"]).read_text(), test["file"])
    raw += annotation_expectations(source)
    expected, unmapped, seen = [], [], set()
    for line, col, message, note in raw:
        lint, rule = classify(message)
        if rule is None:
            unmapped.append((line, col, message))
            continue
        # The same place from the .stderr and a `//~` (no column) counts once.
        if (rule, line, col) in seen or (col is None and any(
                k[0] == rule and k[1] == line for k in seen)):
            continue
        seen.add((rule, line, col))
        expected.append({
            "line": line, "col": col, "rule": rule, "lint": lint,
            "message": message, "note": note,
        })
    expected.sort(key=lambda e: (e["line"], e["col"] or 0, e["rule"]))
    return expected, unmapped


# ---------------------------------------------------------------- findings

def findings(binary, test):
    out = subprocess.run(
        [str(binary), "check", test["file"], "--no-cache", "--exit-zero",
         "--output-format", "json"],
        cwd=test["root"], capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        print(f"peer-rust-lint: connlint failed on {test['root']}:\n{out.stderr}",
              file=sys.stderr)
        sys.exit(2)
    mine = pathlib.PurePosixPath(test["file"])
    return [
        d for d in json.loads(out.stdout or "[]")
        if pathlib.PurePosixPath(d["path"]) == mine
    ]


# ---------------------------------------------------------------- matching

class Source:
    def __init__(self, text):
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.lines = text.split("\n")

    def offset(self, line, col):
        """1-based line and column (characters) to an offset."""
        line = max(1, min(line, len(self.starts)))
        return min(self.starts[line - 1] + max(col, 1) - 1, len(self.text))

    def function_at(self, line):
        for no in range(line, 0, -1):
            m = re.search(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", self.lines[no - 1])
            if m:
                return m.group(1)
        return "?"

    def declaration(self, line, col):
        """Offsets of the `let` statement or the parameter binding at (line, col)."""
        at = self.offset(line, col)
        before = self.text[self.starts[line - 1]:at]
        let = list(re.finditer(r"\blet\b", before))
        if let:
            start, stops, openers, closers = self.starts[line - 1] + let[-1].start(), ";", "([{", ")]}"
        else:
            start, stops, openers, closers = at, ",", "([{<", ")]}>"
        depth, i = 0, start
        while i < len(self.text):
            ch = self.text[i]
            if ch == "-" and self.text[i + 1:i + 2] == ">":
                i += 2
                continue
            if ch in openers:
                depth += 1
            elif ch in closers:
                if depth == 0:
                    return start, i
                depth -= 1
            elif ch in stops and depth == 0:
                return start, i
            i += 1
        return start, len(self.text)


def between_is_dot(src, finding, line, col):
    """Whether only blanks, comments and one `.` separate the finding's end from `await`."""
    end = src.offset(finding["end"]["line"], finding["end"]["column"])
    at = src.offset(line, col)
    if end > at:
        return False
    gap = src.text[end:at]
    gap = re.sub(r"//[^\n]*", "", gap)
    gap = re.sub(r"/\*.*?\*/", "", gap, flags=re.S)
    return re.sub(r"\s", "", gap) == "."


def matches(src, exp, finding):
    accepted = ("CL302", "CL305") if exp["rule"] == "CL302" else (exp["rule"],)
    if finding["code"] not in accepted:
        return False
    fl = finding["start"]["line"]
    if exp["rule"] == "CL302":
        if exp["col"] is None:
            return fl <= exp["line"] <= finding["end"]["line"] + 1
        return between_is_dot(src, finding, exp["line"], exp["col"])
    if exp["rule"] == "CL304":
        if exp["col"] is None:
            return fl == exp["line"]
        lo, hi = src.declaration(exp["line"], exp["col"])
        return lo <= src.offset(fl, finding["start"]["column"]) <= hi
    return False


def score(test, binary):
    expected, unmapped = expectations(test)
    src = Source((test["root"] / test["file"]).read_text())
    found = findings(binary, test)
    used = set()
    for exp in expected:
        exp["function"] = src.function_at(exp["line"])
        exp["by"] = None
        # The rule's own findings first (CL302 before a CL305 on the same `.await`).
        order = sorted(range(len(found)), key=lambda i: found[i]["code"] != exp["rule"])
        for i in order:
            if i not in used and matches(src, exp, found[i]):
                used.add(i)
                exp["by"] = found[i]
                break
    spurious = [f for i, f in enumerate(found) if i not in used and f["code"] in SCORED]
    unscored = [f for i, f in enumerate(found) if i not in used and f["code"] not in SCORED]
    for f in spurious + unscored:
        f["function"] = src.function_at(f["start"]["line"])
    return {
        "test": test, "expected": expected, "unmapped": unmapped,
        "spurious": spurious, "unscored": unscored,
    }


# ---------------------------------------------------------------- report

def ratio(num, den):
    return f"{100 * num / den:.1f}%" if den else "n/a"


def place(exp):
    return f"{exp['line']}:{exp['col']}" if exp["col"] else f"{exp['line']}"


def text_report(results, binary):
    print(f"peer: {PEER_REPO} @ {PEER_COMMIT[:12]} ({PEER_TESTS}); connlint: {binary}")
    total_exp = total_found = total_spurious = 0
    for r in results:
        t = r["test"]
        exp = r["expected"]
        hit = sum(1 for e in exp if e["by"])
        total_exp += len(exp)
        total_found += hit
        total_spurious += len(r["spurious"])
        print(f"\n== {t['peer_path']} (extracted to {t['root'] / t['file']})")
        print(f"   expected {len(exp)}, found {hit}, missed {len(exp) - hit}, "
              f"spurious {len(r['spurious'])}")
        for e in exp:
            status = "found " if e["by"] else "MISSED"
            where = ""
            if e["by"]:
                where = f" <- {e['by']['code']} {e['by']['start']['line']}:{e['by']['start']['column']}"
            note = f"; {e['note']}" if e["note"] else ""
            print(f"   {status} {place(e):>8} {e['lint']} -> {e['rule']} in {e['function']}(){note}{where}")
        for f in r["spurious"]:
            print(f"   SPURIOUS {f['start']['line']}:{f['start']['column']} {f['code']} "
                  f"in {f['function']}(): {f['message']}")
        for f in r["unscored"]:
            print(f"   unscored {f['start']['line']}:{f['start']['column']} {f['code']} "
                  f"in {f['function']}(): {f['message']}")
        for line, col, message in r["unmapped"]:
            print(f"   unmapped {line}:{col or ''} {message}")
    print(f"\ntotal: expected {total_exp}, found {total_found}, "
          f"recall {ratio(total_found, total_exp)}, spurious {total_spurious}")


def markdown_report(results):
    print("| Peer test | Expected | Found | Recall | Spurious |")
    print("|---|---:|---:|---:|---:|")
    total_exp = total_found = total_spurious = 0
    for r in results:
        exp = r["expected"]
        hit = sum(1 for e in exp if e["by"])
        total_exp += len(exp)
        total_found += hit
        total_spurious += len(r["spurious"])
        print(f"| `{r['test']['peer_path'].removeprefix(PEER_TESTS + '/')}` | {len(exp)} | "
              f"{hit} | {ratio(hit, len(exp))} | {len(r['spurious'])} |")
    print(f"| **total** | {total_exp} | {total_found} | {ratio(total_found, total_exp)} "
          f"| {total_spurious} |")
    print()
    print("| Line | Function | Peer lint | connlint | Found |")
    print("|---:|---|---|---|---|")
    for r in results:
        for e in r["expected"]:
            found = f"yes ({e['by']['start']['line']})" if e["by"] else "no"
            print(f"| {place(e)} | `{e['function']}` | `{e['lint']}` | {e['rule']} | {found} |")
        for f in r["spurious"]:
            print(f"| {f['start']['line']} | `{f['function']}` | (none) | {f['code']} | spurious |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mirror", help="git dir of a bare clone of " + PEER_REPO)
    ap.add_argument("dest", help="where the peer's fixture crates are extracted")
    ap.add_argument("--bin", default=str(HERE / "target/release/connlint"))
    ap.add_argument("--markdown", action="store_true", help="print the README tables")
    args = ap.parse_args()
    binary = pathlib.Path(args.bin).resolve()
    if not binary.is_file():
        sys.exit(f"peer-rust-lint: no connlint binary at {binary} (cargo build --release)")
    dest = pathlib.Path(args.dest).resolve()
    if any(p in ("tests", "benches", "examples") for p in dest.parts):
        sys.exit(f"peer-rust-lint: {dest} has a tests/, benches/ or examples/ component: "
                 "connlint would skip the files as test code; pick another DEST")
    if HERE == dest or HERE in dest.parents:
        sys.exit("peer-rust-lint: DEST must be outside the repository (the peer's files "
                 "are extracted at run time, not kept)")
    dest.mkdir(parents=True, exist_ok=True)
    tests = extract(args.mirror, dest)
    results = [score(t, binary) for t in tests]
    if args.markdown:
        markdown_report(results)
    else:
        text_report(results, binary)


if __name__ == "__main__":
    main()
