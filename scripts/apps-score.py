#!/usr/bin/env python3
"""Precision and recall of connlint on the application corpus.

    scripts/apps-score.py APPS_DIR [--bin PATH] [--markdown] [--list]

APPS_DIR holds the apps of ecosystem/apps.toml (scripts/apps.sh makes it).
Each app is checked with itself as the project root (`cd APP && connlint
check .`: an extracted app has no .git, and a root above it would change
module names). Then, against ecosystem/apps-labels/<app>.toml:

- a labelled `[[defect]]` is found when connlint reports its `rule` (or one
  of its `also` rules) at its path and line (or one of its `lines`: the same
  defect reported at another line of the same function, such as the first
  blocking call connlint can see when the labelled one is inside a macro): recall per rule, overall, and
  for the defects that lose or hold pool slots (`slot = true`);
- every finding is looked up in the `[[finding]]` triage by path, line and
  rule: precision per rule. A finding nobody triaged is listed and counted
  as `untriaged` (the triage is then out of date: run it again after
  triaging, or with --list to see them).

--list prints each missed defect and each untriaged or false finding.

--corpus rust scores the Rust service corpus instead (ecosystem/rust-apps.toml,
labels in ecosystem/rust-apps-labels/; scripts/rust-apps.sh makes APPS_DIR).
"""

import argparse
import collections
import json
import pathlib
import subprocess
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent.parent


def findings(binary, app_dir):
    out = subprocess.run(
        [binary, "check", ".", "--no-cache", "--exit-zero", "--output-format", "json"],
        cwd=app_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"apps-score: connlint failed on {app_dir}: {out.stderr}")
    return [
        (d["path"].removeprefix("./"), d["start"]["line"], d["code"], d["message"])
        for d in json.loads(out.stdout)
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("apps_dir")
    ap.add_argument("--bin", default=str(HERE / "target/release/connlint"))
    ap.add_argument("--markdown", action="store_true", help="print the README table")
    ap.add_argument("--list", action="store_true", help="list misses, FPs and untriaged findings")
    ap.add_argument(
        "--corpus",
        choices=["python", "rust"],
        default="python",
        help="which application corpus (default: python)",
    )
    args = ap.parse_args()
    args.bin = str(pathlib.Path(args.bin).resolve())
    prefix = "apps" if args.corpus == "python" else "rust-apps"
    apps = tomllib.loads((HERE / f"ecosystem/{prefix}.toml").read_text())["app"]
    labels_dir = HERE / f"ecosystem/{prefix}-labels"

    tp = collections.Counter()
    fp = collections.Counter()
    untriaged = collections.Counter()
    defects = collections.Counter()
    found = collections.Counter()
    slot_defects = slot_found = 0
    unlabelled_apps = []
    notes = []
    for app in apps:
        name = app["name"]
        label_file = labels_dir / f"{name}.toml"
        if not label_file.is_file():
            unlabelled_apps.append(name)
            continue
        labels = tomllib.loads(label_file.read_text())
        got = findings(args.bin, pathlib.Path(args.apps_dir) / name)
        reported = {(p, l, c) for p, l, c, _ in got}
        triage = {(f["path"], f["line"], f["rule"]): f for f in labels.get("finding", [])}
        for p, l, c, message in got:
            t = triage.get((p, l, c))
            verdict = t["verdict"].rstrip("?") if t else None
            if verdict == "TP":
                tp[c] += 1
            elif verdict == "FP":
                fp[c] += 1
                notes.append(f"FP   {name}/{p}:{l} {c} {message} -- {t.get('why', '')}")
            else:
                untriaged[c] += 1
                notes.append(f"NEW  {name}/{p}:{l} {c} {message}")
        for d in labels.get("defect", []):
            rules = [d["rule"], *d.get("also", [])]
            lines = [d["line"], *d.get("lines", [])]
            hit = any((d["path"], ln, r) in reported for r in rules for ln in lines)
            defects[d["rule"]] += 1
            found[d["rule"]] += hit
            if d.get("slot"):
                slot_defects += 1
                slot_found += hit
            if not hit:
                notes.append(f"MISS {name}/{d['path']}:{d['line']} {d['rule']} -- {d.get('why', '')}")

    codes = sorted(set(tp) | set(fp) | set(untriaged) | set(defects))
    pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "–"
    rows = []
    for c in codes:
        rows.append((c, tp[c], fp[c], untriaged[c], pct(tp[c], tp[c] + fp[c]), found[c], defects[c], pct(found[c], defects[c])))
    T = (sum(tp.values()), sum(fp.values()), sum(untriaged.values()))
    D = (sum(found.values()), sum(defects.values()))
    if args.markdown:
        print("| rule | TP | FP | untriaged | precision | defects found | defects labelled | recall |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(str(x) for x in r) + " |")
        print(f"| **all** | {T[0]} | {T[1]} | {T[2]} | {pct(T[0], T[0] + T[1])} | {D[0]} | {D[1]} | {pct(D[0], D[1])} |")
        print(f"| **pool slots** (`slot = true`) | | | | | {slot_found} | {slot_defects} | {pct(slot_found, slot_defects)} |")
    else:
        for r in rows:
            print("{:6} TP {:3} FP {:3} untriaged {:3} precision {:>4}   found {:3} of {:3} recall {:>4}".format(*r))
        print(f"all    TP {T[0]:3} FP {T[1]:3} untriaged {T[2]:3} precision {pct(T[0], T[0] + T[1]):>4}   found {D[0]:3} of {D[1]:3} recall {pct(D[0], D[1]):>4}")
        print(f"pool-slot defects: found {slot_found} of {slot_defects} ({pct(slot_found, slot_defects)})")
    if unlabelled_apps:
        print(f"not labelled: {', '.join(unlabelled_apps)}", file=sys.stderr)
    if args.list:
        for n in sorted(notes):
            print(n)


if __name__ == "__main__":
    main()
