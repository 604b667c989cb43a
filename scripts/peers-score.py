#!/usr/bin/env python3
"""Recall and precision of connlint on the peer test suites of issue 19.

    scripts/peers-score.py DEST [--bin PATH] [--markdown] [--suite NAME]...

DEST holds the suites of ecosystem/peers/peers.toml (scripts/peers.sh makes
it). Each suite is checked with itself as the project root (`cd DEST/NAME &&
connlint check . --output-format json`), so its connlint.toml applies. Only
the findings of the suite's counterpart `rules` are scored, by line:

- an expected line is found when a counterpart rule reports at that file
  and line; recall = found / expected;
- precision = (reported lines that are expected) / (lines reported);
  each finding on a line the suite does not expect is listed as spurious.

Expected lines are the suite's own, read from its files (see peers.toml for
the formats), judged against the suite's ideal where it marks its own
misses: a CodeQL `MISSING:` line is expected, a `SPURIOUS:` line is not, and
`[[suite.ideal]]` entries add or remove lines marked in prose.
`[[suite.disputed]]` entries do not change the score: their reason is
printed beside the line, with a second score "as judged".

--markdown prints the README table instead of the lists. The exit status is
1 when a suite is not extracted (run scripts/peers.sh DEST first), 2 when
connlint fails.
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- expectations

# `# $ Alert`, `# $ MISSING:Alert`, `# $SPURIOUS: Alert # prose`, several tags a comment.
CODEQL_ANNOTATION = re.compile(r"#\s*\$(.*)")
CODEQL_TAG = re.compile(r"(?:(MISSING|SPURIOUS)\s*:\s*)?([A-Za-z][A-Za-z0-9_]*)(?:=\S*)?")
CODEQL_EXPECTED_ROW = re.compile(r"^\|\s*([^|:]+\.py):(\d+):\d+:\d+:\d+\s*\|")


def codeql_expectations(suite_dir):
    """Lines the suite's ideal flags, and notes on the ones it marks itself."""
    expected, notes, flagged = set(), {}, set()
    for py in sorted(suite_dir.glob("*.py")):
        for no, text in enumerate(py.read_text().splitlines(), 1):
            m = CODEQL_ANNOTATION.search(text)
            if not m:
                continue
            body = m.group(1).split("#", 1)[0]
            tags = [t for t in CODEQL_TAG.finditer(body) if t.group(0)]
            if not tags:
                continue
            kinds = {t.group(1) for t in tags}
            key = (py.name, no)
            if None in kinds:
                flagged.add(key)
            if "SPURIOUS" in kinds:
                flagged.add(key)
                notes[key] = "suite: SPURIOUS (its own false alarm; not expected)"
            elif "MISSING" in kinds:
                notes[key] = "suite: MISSING (its own miss; expected)"
                expected.add(key)
            else:
                expected.add(key)
    # The .expected file holds what CodeQL reports: the plain and SPURIOUS lines.
    reported = set()
    for exp in sorted(suite_dir.glob("*.expected")):
        for row in exp.read_text().splitlines():
            m = CODEQL_EXPECTED_ROW.match(row)
            if m:
                reported.add((pathlib.PurePath(m.group(1)).name, int(m.group(2))))
    warnings = []
    if reported and reported != flagged:
        warnings.append(
            "the .expected file and the inline annotations disagree on "
            + ", ".join(f"{f}:{l}" for f, l in sorted(reported ^ flagged))
        )
    return expected, notes, warnings


def pylint_expectations(suite_dir, code):
    expected = set()
    for txt in sorted(suite_dir.glob("*.txt")):
        py = txt.with_suffix(".py").name
        for row in txt.read_text().splitlines():
            parts = row.split(":")
            if len(parts) > 2 and parts[0] == code:
                expected.add((py, int(parts[1])))
    return expected, {}, []


# New insta format: `SIM115 message` then `  --> SIM115.py:8:5`; old: `SIM115.py:8:5: SIM115 message`.
SNAP_NEW = re.compile(r"^\s*-->\s*(\S+\.pyi?):(\d+):\d+")
SNAP_OLD = re.compile(r"^(\S+\.pyi?):(\d+):\d+: (\S+)")


def snap_expectations(suite_dir, code):
    expected = set()
    for snap in sorted(suite_dir.glob("*.snap")):
        last_header = None
        for row in snap.read_text().splitlines():
            if row.startswith(code + " ") or row.startswith(code + ":"):
                last_header = code
                continue
            m = SNAP_NEW.match(row)
            if m and last_header == code:
                expected.add((pathlib.PurePath(m.group(1)).name, int(m.group(2))))
                last_header = None
                continue
            m = SNAP_OLD.match(row)
            if m and m.group(3) == code:
                expected.add((pathlib.PurePath(m.group(1)).name, int(m.group(2))))
    return expected, {}, []


def expectations(suite, suite_dir):
    kind = suite["expect"]
    if kind == "codeql-inline":
        expected, notes, warnings = codeql_expectations(suite_dir)
    elif kind == "pylint-txt":
        expected, notes, warnings = pylint_expectations(suite_dir, suite["code"])
    elif kind == "insta-snap":
        expected, notes, warnings = snap_expectations(suite_dir, suite["code"])
    else:
        sys.exit(f"peers-score: {suite['name']}: unknown expect = {kind!r}")
    for entry in suite.get("ideal", []):
        key = (entry["file"], entry["line"])
        if entry.get("expected", True):
            expected.add(key)
        else:
            expected.discard(key)
        notes[key] = "suite (in prose): " + entry["why"]
    if not expected:
        warnings.append("no expected line was read: check the `expect` format")
    return expected, notes, warnings


# ---------------------------------------------------------------- findings

def findings(binary, suite_dir):
    out = subprocess.run(
        [binary, "check", ".", "--no-cache", "--exit-zero", "--output-format", "json"],
        cwd=suite_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(f"peers-score: connlint failed on {suite_dir}:\n{out.stderr}", file=sys.stderr)
        sys.exit(2)
    return [
        (pathlib.PurePath(d["path"]).name, d["start"]["line"], d["code"], d["message"])
        for d in json.loads(out.stdout)
    ]


def source_line(suite_dir, name, line):
    try:
        return (suite_dir / name).read_text().splitlines()[line - 1].strip()
    except (OSError, IndexError):
        return ""


def ratio(num, den):
    return f"{100 * num / den:.1f}%" if den else "n/a"


def score(expected, reported_lines):
    hit = expected & reported_lines
    return len(hit), len(expected), len(reported_lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dest")
    ap.add_argument("--bin", default=str(HERE / "target/release/connlint"))
    ap.add_argument("--markdown", action="store_true", help="print the README table")
    ap.add_argument("--suite", action="append", help="score only this suite (repeatable)")
    args = ap.parse_args()
    binary = pathlib.Path(args.bin).resolve()
    if not binary.is_file():
        sys.exit(f"peers-score: no connlint binary at {binary} (cargo build --release)")
    suites = tomllib.loads((HERE / "ecosystem/peers/peers.toml").read_text())["suite"]
    if args.suite:
        unknown = set(args.suite) - {s["name"] for s in suites}
        if unknown:
            sys.exit(f"peers-score: unknown suite {', '.join(sorted(unknown))}")
        suites = [s for s in suites if s["name"] in args.suite]

    rows, absent = [], []
    for suite in suites:
        name = suite["name"]
        suite_dir = pathlib.Path(args.dest) / name
        if not (suite_dir / ".connlint-commit").is_file():
            absent.append(name)
            continue
        commit = (suite_dir / ".connlint-commit").read_text().strip()
        warnings = []
        if commit != suite["commit"]:
            warnings.append(f"extracted at {commit[:12]}, pinned at {suite['commit'][:12]}: run scripts/peers.sh again")
        expected, notes, more = expectations(suite, suite_dir)
        warnings += more
        disputed = {(d["file"], d["line"]): d for d in suite.get("disputed", [])}
        got = findings(str(binary), suite_dir)
        rules = set(suite["rules"])
        scored = [f for f in got if f[2] in rules]
        others = {}
        for f in got:
            if f[2] not in rules:
                others[f[2]] = others.get(f[2], 0) + 1
        reported = {(f[0], f[1]) for f in scored}
        hit, n_expected, n_reported = score(expected, reported)
        judged = set(expected)
        for key, d in disputed.items():
            (judged.add if d.get("expected", True) else judged.discard)(key)
        j_hit, j_expected, _ = score(judged, reported)
        rows.append((suite, commit, expected, reported, hit, n_expected, n_reported,
                     j_hit, j_expected, bool(disputed)))
        if args.markdown:
            for w in warnings:
                print(f"peers-score: {name}: {w}", file=sys.stderr)
            continue

        print(f"== {name}: {suite['repo']}@{commit[:12]}, scored rules {', '.join(sorted(rules))}")
        for w in warnings:
            print(f"warning: {w}")
        print(f"expected lines {n_expected}, found {hit}, missed {n_expected - hit}, "
              f"spurious lines {n_reported - hit}")
        print(f"recall {ratio(hit, n_expected)} ({hit}/{n_expected}), "
              f"precision {ratio(hit, n_reported)} ({hit}/{n_reported})")
        if disputed:
            print(f"as judged (disputed lines below decided as noted): "
                  f"recall {ratio(j_hit, j_expected)} ({j_hit}/{j_expected}), "
                  f"precision {ratio(j_hit, n_reported)} ({j_hit}/{n_reported})")
        found = sorted(expected & reported)
        if found:
            by_line = {}
            for f in scored:
                by_line.setdefault((f[0], f[1]), set()).add(f[2])
            print("found: " + ", ".join(
                f"{f}:{l} ({'+'.join(sorted(by_line[(f, l)]))})" for f, l in found))
        missed = sorted(expected - reported)
        if missed:
            print("missed:")
            for key in missed:
                print(f"  {key[0]}:{key[1]}: {source_line(suite_dir, *key)}")
                for note in (notes.get(key), disputed.get(key, {}).get("why")):
                    if note:
                        print(f"      ({note})")
        spurious = sorted(f for f in scored if (f[0], f[1]) not in expected)
        if spurious:
            print("spurious:")
            for f in spurious:
                key = (f[0], f[1])
                print(f"  {f[0]}:{f[1]}: {f[2]} {f[3]}")
                print(f"      | {source_line(suite_dir, *key)}")
                for note in (notes.get(key), "disputed: " + disputed[key]["why"] if key in disputed else None):
                    if note:
                        print(f"      ({note})")
        unflagged = sorted(k for k in disputed if k not in expected and k not in reported)
        for key in unflagged:
            print(f"disputed, not reported: {key[0]}:{key[1]}: {source_line(suite_dir, *key)}")
            print(f"      ({disputed[key]['why']})")
        if others:
            print("other rules (not scored): " + ", ".join(f"{c} x{n}" for c, n in sorted(others.items())))
        print()

    if args.markdown and rows:
        print("| Suite | Pinned at | connlint rules | Expected lines | Found | Missed | Spurious lines | Recall | Precision |")
        print("|---|---|---|---|---|---|---|---|---|")
        for suite, commit, _expected, _reported, hit, n_exp, n_rep, _j_hit, _j_exp, _disputed in rows:
            print(f"| {suite['name']} (`{suite.get('code') or suite['expect']}`) | `{suite['repo']}@{commit[:12]}` "
                  f"| {', '.join(suite['rules'])} | {n_exp} | {hit} | {n_exp - hit} | {n_rep - hit} "
                  f"| {ratio(hit, n_exp)} | {ratio(hit, n_rep)} |")
    for name in absent:
        print(f"peers-score: {name} is not extracted under {args.dest} (scripts/peers.sh {args.dest})",
              file=sys.stderr)
    sys.exit(1 if absent else 0)


if __name__ == "__main__":
    main()
