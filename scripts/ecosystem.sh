#!/usr/bin/env bash
# The ecosystem check: connlint over the corpora of CORPORA_DIR (made by
# ../shared/corpora/corpora.sh: py-large, rust-db, rust-vendor; the single
# projects are inside py-large, and rust-db inside rust-vendor, so those two
# are run and each finding appears once), findings written to ecosystem/findings.json
# (sorted, paths relative to CORPORA_DIR, no absolute paths or timings) and a
# summary by rule to ecosystem/summary.txt. Then a comparison with the
# committed snapshot: every finding that is new or gone is listed, so each
# change of behaviour on real code is reviewed.
#
#   scripts/ecosystem.sh CORPORA_DIR           # write the snapshot, show the changes
#   scripts/ecosystem.sh CORPORA_DIR --check   # only compare; exit 1 on any change
set -euo pipefail
corpora=$(cd "${1:?usage: scripts/ecosystem.sh CORPORA_DIR [--check]}" && pwd)
mode=${2:-write}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null
bin="$here/target/release/connlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in py-large rust-vendor; do
    [ -d "$corpora/$name" ] || { echo "no $corpora/$name: skipped" >&2; continue; }
    # The corpora are read-only references: no cache is written into them.
    (cd "$corpora" && "$bin" check "$name" --select ALL --no-cache --exit-zero \
        --output-format json >"$work/$name.json" 2>"$work/$name.err") || true
done
python3 - "$work" "$here/ecosystem" "$mode" <<'PY'
import collections, json, os, sys
work, out_dir, mode = sys.argv[1:]
findings = []
for f in sorted(os.listdir(work)):
    if not f.endswith(".json"):
        continue
    for d in json.load(open(os.path.join(work, f))):
        findings.append({
            "path": d["path"],
            "line": d["start"]["line"],
            "code": d["code"],
            "message": d["message"],
            "fix": (d.get("fix") or {}).get("applicability"),
        })
findings.sort(key=lambda d: (d["path"], d["line"], d["code"], d["message"]))
text = json.dumps(findings, indent=1, ensure_ascii=False) + "\n"
by_rule = collections.Counter(d["code"] for d in findings)
summary = "".join(f"{code} {n}\n" for code, n in sorted(by_rule.items()))
summary += f"total {len(findings)}\n"
snap = os.path.join(out_dir, "findings.json")
old = json.load(open(snap)) if os.path.exists(snap) else []
key = lambda d: (d["path"], d["code"], d["message"])
old_keys = collections.Counter(map(key, old))
new_keys = collections.Counter(map(key, findings))
added = sorted((new_keys - old_keys).elements())
gone = sorted((old_keys - new_keys).elements())
for k in added:
    print("new: ", *k)
for k in gone:
    print("gone:", *k)
print(summary, end="")
print(f"{len(added)} new, {len(gone)} gone against the snapshot")
if mode == "--check":
    sys.exit(1 if added or gone else 0)
os.makedirs(out_dir, exist_ok=True)
open(snap, "w").write(text)
open(os.path.join(out_dir, "summary.txt"), "w").write(summary)
PY
