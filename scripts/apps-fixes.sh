#!/usr/bin/env bash
# What `connlint check --fix` does to real code: the safe fixes applied to
# the application corpus (scripts/apps.sh makes APPS_DIR), checked for code
# that no longer compiles and for problems ruff did not see before. The
# review of the fixes themselves: ecosystem/FIXES.md.
#
#   scripts/apps-fixes.sh APPS_DIR WORK_DIR [--bin PATH] [--unsafe-fixes]
#
# For each app (each directory of APPS_DIR, in name order):
#
# 1. APPS_DIR/<app> is copied to WORK_DIR/<app> (an old copy is removed
#    first; APPS_DIR is only read).
# 2. ruff runs on the copy with a fixed rule set (`ruff check --select
#    F401,F811,F841,I001,E9 --output-format json --no-cache --isolated .`;
#    --isolated so the app's own ruff configuration cannot change it) and
#    the problems are counted per (file, rule). A syntax error counts as
#    rule `invalid-syntax`.
# 3. connlint runs in the copy, with the copy as the project root (`cd COPY
#    && connlint check .`, as scripts/apps-score.py does: an extracted app
#    has no .git, so the root would otherwise be the working directory and
#    module names, hence findings, would depend on where this is run from):
#    first `--diff` (what it says it will change), then `--fix --show-fixes`
#    (what it changes and how many findings each file had fixed, by rule).
#    Exit 1 (findings remain) is normal; 2 or more stops the run.
# 4. The copy is compared with APPS_DIR/<app>, file by file: the changed
#    files, a unified diff of them (WORK_DIR/.apps-fixes/<app>/applied.diff),
#    files added or removed (there should be none).
# 5. Every changed .py file goes through `python3 -m py_compile` (bytecode
#    under WORK_DIR/.apps-fixes/pycache, never into the copy). The original
#    file is compiled too, so a failure the fix did not cause is told apart.
# 6. ruff runs again; every (file, rule) whose count went up is a NEW problem.
#    A rule a changed file already had, as many times after as before, is
#    listed too (`had`): a new occurrence there cannot show in a count (an
#    import put out of order in a block that was already unsorted is still
#    one I001), so read those diffs.
#
# Then a summary: apps, apps changed, fixes applied by rule (findings fixed,
# as --show-fixes counts them: a CL101 and a CL102 on one acquisition share
# one edit), hunks, files changed, compile failures, new ruff problems by
# rule. The details are in WORK_DIR/.apps-fixes/ (summary.json, and per app
# the ruff and connlint outputs and the diffs). Output is deterministic: no
# timings, no absolute paths, everything sorted.
#
# --bin PATH       the connlint binary (default: target/release/connlint;
#                  this script never builds it)
# --unsafe-fixes   also apply the unsafe fixes (a measurement of what
#                  `--fix --unsafe-fixes` would do; not what --fix does)
#
# Exit status: 0 when every changed file compiles and ruff has no new
# problem; 1 when a changed file fails to compile or ruff has a new problem;
# 2 on a usage error or when a tool fails.
#
# Needs: bash, python3 (stdlib only), ruff. Re-runnable: each run starts
# from fresh copies and a fresh WORK_DIR/.apps-fixes.
set -euo pipefail
export LC_ALL=C

usage() {
    echo "usage: scripts/apps-fixes.sh APPS_DIR WORK_DIR [--bin PATH] [--unsafe-fixes]" >&2
    exit 2
}

here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/connlint"
unsafe=()
positional=()
while [ $# -gt 0 ]; do
    case $1 in
        --bin)
            [ $# -ge 2 ] || usage
            bin=$2
            shift 2
            ;;
        --bin=*)
            bin=${1#--bin=}
            shift
            ;;
        --unsafe-fixes)
            unsafe=(--unsafe-fixes)
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "apps-fixes: unknown option $1" >&2
            usage
            ;;
        *)
            positional+=("$1")
            shift
            ;;
    esac
done
[ "${#positional[@]}" -eq 2 ] || usage
command -v python3 >/dev/null || { echo "apps-fixes: python3 is not on PATH" >&2; exit 2; }

[ -d "${positional[0]}" ] || { echo "apps-fixes: ${positional[0]}: no such directory" >&2; exit 2; }
apps_dir=$(cd "${positional[0]}" && pwd -P)
# WORK_DIR, resolved before it is made (it must not land inside APPS_DIR).
work=$(python3 -c 'import os, sys; print(os.path.realpath(sys.argv[1]))' "${positional[1]}")
case "$work/" in
    "$apps_dir/"*)
        echo "apps-fixes: WORK_DIR must not be APPS_DIR or inside it" >&2
        exit 2
        ;;
esac
case "$apps_dir/" in
    "$work/"*)
        echo "apps-fixes: APPS_DIR must not be inside WORK_DIR" >&2
        exit 2
        ;;
esac
case $bin in
    /*) ;;
    *) bin="$(pwd -P)/$bin" ;;
esac
[ -x "$bin" ] || { echo "apps-fixes: $bin: not an executable (build it, or pass --bin)" >&2; exit 2; }
command -v ruff >/dev/null || { echo "apps-fixes: ruff is not on PATH" >&2; exit 2; }
mkdir -p "$work"

ruff_cmd=(ruff check --select F401,F811,F841,I001,E9 --output-format json --no-cache --isolated .)
meta="$work/.apps-fixes"
rm -rf "$meta"
mkdir -p "$meta"
# py_compile's bytecode goes here, not into the copies.
export PYTHONPYCACHEPREFIX="$meta/pycache"

apps=()
while IFS= read -r -d '' d; do
    apps+=("$(basename "$d")")
done < <(find "$apps_dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -print0 | sort -z)
[ "${#apps[@]}" -gt 0 ] || { echo "apps-fixes: no app directory in $apps_dir" >&2; exit 2; }

# Runs ruff in directory $1, JSON to $2. Exit 0/1 are results; more is a failure.
run_ruff() {
    local rc=0
    (cd "$1" && "${ruff_cmd[@]}") >"$2" 2>"$2.err" || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "apps-fixes: ruff failed (exit $rc) in $1:" >&2
        cat "$2.err" >&2
        exit 2
    fi
}

# Runs connlint in directory $1 with the remaining arguments; stdout to $2.out,
# stderr to $2.err. Exit 0/1 are results; more is a failure.
run_connlint() {
    local dir=$1 out=$2 rc=0
    shift 2
    (cd "$dir" && "$bin" check --no-cache "$@" .) >"$out.out" 2>"$out.err" || rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "apps-fixes: connlint failed (exit $rc) in $dir:" >&2
        cat "$out.err" >&2
        exit 2
    fi
}

for app in "${apps[@]}"; do
    copy="$work/$app"
    m="$meta/apps/$app"
    mkdir -p "$m"
    rm -rf "$copy"
    cp -a "$apps_dir/$app" "$copy"
    run_ruff "$copy" "$m/ruff-before.json"
    run_connlint "$copy" "$m/findings-before" --exit-zero --output-format json
    run_connlint "$copy" "$m/connlint-diff" "${unsafe[@]}" --diff
    run_connlint "$copy" "$m/fix" "${unsafe[@]}" --fix --show-fixes --output-format concise
    run_connlint "$copy" "$m/findings-after" --exit-zero --output-format json
    run_ruff "$copy" "$m/ruff-after.json"
done

python3 - "$apps_dir" "$work" "$meta" "${#unsafe[@]}" "${apps[@]}" <<'PY'
import collections
import difflib
import filecmp
import json
import os
import re
import subprocess
import sys

apps_dir, work, meta, unsafe = sys.argv[1:5]
apps = sys.argv[5:]
mode = "safe + unsafe fixes (--fix --unsafe-fixes)" if unsafe != "0" else "safe fixes (--fix)"


def tree(root):
    """Relative path -> ('link', target) | ('file', None) of every non-directory under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                out[rel] = ("link", os.readlink(full))
            elif name in filenames:
                out[rel] = ("file", None)
    return out


def same(a, b, ka, kb):
    if ka[0] != kb[0]:
        return False
    if ka[0] == "link":
        return ka[1] == kb[1]
    return filecmp.cmp(a, b, shallow=False)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)


def ruff_counts(path, copy):
    with open(path) as f:
        text = f.read()
    counts = collections.Counter()
    for d in json.loads(text or "[]"):
        rel = os.path.relpath(d["filename"], copy)
        counts[(rel, d.get("code") or "invalid-syntax")] += 1
    return counts


def findings(path):
    with open(path) as f:
        text = f.read()
    c = collections.Counter()
    for d in json.loads(text or "[]"):
        c[d["code"]] += 1
    return c


def compiles(path):
    r = subprocess.run([sys.executable, "-m", "py_compile", path], capture_output=True, text=True)
    msg = (r.stderr or r.stdout).strip().splitlines()
    return r.returncode == 0, (msg[-1] if msg else "")


FIXED_LINE = re.compile(r"^fixed (.+?): (CL\d+ x\d+(?:, CL\d+ x\d+)*)$")
total_fixes = collections.Counter()
total = collections.Counter()
new_by_rule = collections.Counter()
report = {"mode": mode, "apps": []}
lines = []

for app in apps:
    orig, copy, m = os.path.join(apps_dir, app), os.path.join(work, app), os.path.join(meta, "apps", app)
    a, b = tree(orig), tree(copy)
    changed = sorted(p for p in a.keys() & b.keys() if not same(os.path.join(orig, p), os.path.join(copy, p), a[p], b[p]))
    added, removed = sorted(b.keys() - a.keys()), sorted(a.keys() - b.keys())

    # Fixes by rule, as --show-fixes reports them (stderr: `fixed PATH: CL101 x2, CL102 x1`).
    fixes = collections.Counter()
    fixed_files = set()
    with open(os.path.join(m, "fix.err")) as f:
        for line in f:
            mm = FIXED_LINE.match(line.rstrip("\n"))
            if mm:
                fixed_files.add(mm.group(1).removeprefix("./"))
                for item in mm.group(2).split(", "):
                    code, n = item.split(" x")
                    fixes[code] += int(n)

    # The applied change, as a unified diff, and its hunks.
    hunks = 0
    with open(os.path.join(m, "applied.diff"), "w", encoding="utf-8", errors="surrogateescape") as out:
        for p in changed:
            if a[p][0] != "file" or b[p][0] != "file":
                out.write(f"--- {p}\n+++ {p}\n(symbolic link changed)\n")
                continue
            diff = list(difflib.unified_diff(read_text(os.path.join(orig, p)), read_text(os.path.join(copy, p)), p, p))
            hunks += sum(1 for l in diff if l.startswith("@@"))
            for l in diff:
                out.write(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n")

    # What --diff announced, for a cross-check with what --fix did.
    with open(os.path.join(m, "connlint-diff.out"), encoding="utf-8", errors="surrogateescape") as f:
        announced = f.read()
    announced_files = sorted({l[4:].rstrip("\n").removeprefix("./") for l in announced.splitlines(True) if l.startswith("+++ ")})
    announced_hunks = sum(1 for l in announced.splitlines() if l.startswith("@@"))

    # Compile every changed Python file, and its original.
    compile_failures = []
    for p in changed:
        if not p.endswith(".py") or b[p][0] != "file":
            continue
        ok, msg = compiles(os.path.join(copy, p))
        if not ok:
            before_ok, _ = compiles(os.path.join(orig, p))
            compile_failures.append({"file": p, "error": msg, "compiled_before": before_ok})

    # ruff before/after, per (file, rule).
    before = ruff_counts(os.path.join(m, "ruff-before.json"), copy)
    after = ruff_counts(os.path.join(m, "ruff-after.json"), copy)
    new = []
    for key in sorted(after):
        if after[key] > before.get(key, 0):
            new.append({"file": key[0], "rule": key[1], "before": before.get(key, 0), "after": after[key]})
            new_by_rule[key[1]] += after[key] - before.get(key, 0)
    gone = sorted(k for k in before if after.get(k, 0) < before[k])
    # A rule already reported in a changed file, as often after as before: a
    # new occurrence there is hidden by the count (an import the fix put out
    # of order in a block that was already unsorted is still one I001).
    masked = sorted(k for k in before if k[0] in changed and after.get(k, 0) == before[k])
    for name, counts in (("ruff-counts-before.tsv", before), ("ruff-counts-after.tsv", after)):
        with open(os.path.join(m, name), "w") as out:
            for (f, r), n in sorted(counts.items()):
                out.write(f"{f}\t{r}\t{n}\n")

    fb, fa = findings(os.path.join(m, "findings-before.out")), findings(os.path.join(m, "findings-after.out"))
    warnings = []
    if sorted(fixed_files) != changed:
        warnings.append(f"--show-fixes named {sorted(fixed_files)}, the files that changed are {changed}")
    if announced_files != changed:
        warnings.append(f"--diff announced {announced_files}, the files that changed are {changed}")
    if announced_hunks != hunks:
        warnings.append(f"--diff announced {announced_hunks} hunks, the applied change has {hunks} (context may differ)")
    if added or removed:
        warnings.append(f"files added {added}, removed {removed}")

    entry = {
        "app": app,
        "fixes": dict(sorted(fixes.items())),
        "hunks": hunks,
        "files_changed": changed,
        "files_added": added,
        "files_removed": removed,
        "compile_failures": compile_failures,
        "new_ruff_problems": new,
        "ruff_problems_gone": [{"file": f, "rule": r} for f, r in gone],
        "ruff_problems_already_in_changed_files": [{"file": f, "rule": r, "count": before[(f, r)]} for f, r in masked],
        "findings_before": dict(sorted(fb.items())),
        "findings_after": dict(sorted(fa.items())),
        "warnings": warnings,
    }
    report["apps"].append(entry)
    total_fixes.update(fixes)
    total["apps"] += 1
    total["apps_changed"] += bool(changed)
    total["hunks"] += hunks
    total["files_changed"] += len(changed)
    total["files_added_or_removed"] += len(added) + len(removed)
    total["compile_failures"] += len(compile_failures)
    total["compile_failures_caused"] += sum(1 for c in compile_failures if c["compiled_before"])
    total["new_ruff_problems"] += sum(n["after"] - n["before"] for n in new)
    total["findings_before"] += sum(fb.values())
    total["findings_after"] += sum(fa.values())

    nf = sum(fixes.values())
    lines.append(f"{app:<32} fixes {nf:>3}  hunks {hunks:>3}  files {len(changed):>3}  "
                 f"compile-fail {len(compile_failures)}  new-ruff {sum(n['after'] - n['before'] for n in new)}  "
                 f"findings {sum(fb.values())} -> {sum(fa.values())}")
    for p in changed:
        lines.append(f"    changed  {p}")
    for c in compile_failures:
        lines.append(f"    COMPILE  {c['file']}: {c['error']}" + ("" if c["compiled_before"] else " (failed before the fix too)"))
    for n in new:
        lines.append(f"    NEW      {n['file']}: {n['rule']} {n['before']} -> {n['after']}")
    for f, r in masked:
        lines.append(f"    had      {f}: {r} {before[(f, r)]} before and after (a new one there would not show)")
    for w in warnings:
        lines.append(f"    warning  {w}")

report["totals"] = dict(total)
report["fixes_by_rule"] = dict(sorted(total_fixes.items()))
report["new_ruff_problems_by_rule"] = dict(sorted(new_by_rule.items()))
with open(os.path.join(meta, "summary.json"), "w") as f:
    json.dump(report, f, indent=2, sort_keys=False)
    f.write("\n")

print(f"mode: {mode}")
print("\n".join(lines))
print()
print(f"apps:                 {total['apps']} ({total['apps_changed']} changed)")
by_rule = ", ".join(f"{k} {v}" for k, v in sorted(total_fixes.items())) or "none"
print(f"fixes applied:        {sum(total_fixes.values())} findings fixed ({by_rule}); {total['hunks']} hunks")
print(f"files changed:        {total['files_changed']} (added or removed: {total['files_added_or_removed']})")
print(f"compile failures:     {total['compile_failures']} ({total['compile_failures_caused']} compiled before the fix)")
nbr = ", ".join(f"{k} {v}" for k, v in sorted(new_by_rule.items())) or "none"
print(f"new ruff problems:    {total['new_ruff_problems']} ({nbr})")
print(f"connlint findings:    {total['findings_before']} before, {total['findings_after']} after")
print(f"details:              {os.path.relpath(meta, work)}/ under WORK_DIR (summary.json, apps/<app>/applied.diff)")
sys.exit(1 if total["compile_failures"] or total["new_ruff_problems"] else 0)
PY
