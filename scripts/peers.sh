#!/usr/bin/env bash
# The peer test suites of issue 19: other tools' tests for resource leaks
# (CodeQL's FileNotAlwaysClosed, pylint's consider-using-with, ruff's
# SIM115), listed in ecosystem/peers/peers.toml. Each suite's files are
# extracted at its pinned commit, flat, into DEST/<name>, with the suite's
# connlint configuration (ecosystem/peers/<name>.connlint.toml) beside them
# as DEST/<name>/connlint.toml. scripts/peers-score.py DEST scores connlint
# on them.
#
#   scripts/peers.sh DEST [MIRRORS]     # MIRRORS defaults to /work/.mirror
#
# Where the code comes from: this script never touches the network. Each
# repository must already be a local git mirror under MIRRORS, in a folder
# whose name starts with `owner+name` (the git directory is that folder, its
# `repo/` or its `repo/.git`). In an agent session those mirrors are made by
# the session's `fetch` tool: `fetch github:owner/name` leaves the newest
# snapshot of the repository at /work/.mirror/owner+name/ (github/codeql is
# too large for it). Elsewhere, a bare clone does the same: `git clone
# --bare https://github.com/owner/name MIRRORS/owner+name`.
#
# A suite already extracted at its pinned commit (DEST/<name>/.connlint-commit)
# keeps its files; its connlint.toml is copied again on every run, so edits
# to ecosystem/peers/<name>.connlint.toml take effect. A suite whose mirror is
# missing, or lacks the pinned commit or one of the files, is reported and
# skipped; the exit status is then 1, after every other suite has been
# extracted. Fetched code is never committed to this repository.
set -euo pipefail
dest=${1:?usage: scripts/peers.sh DEST [MIRRORS]}
mirrors=${2:-/work/.mirror}
here=$(cd "$(dirname "$0")/.." && pwd)
peers="$here/ecosystem/peers"
mkdir -p "$dest"

# name, repo, commit and paths (space-separated) of each suite, tab-separated,
# checked as they are read.
suites=$(python3 - "$peers/peers.toml" "$peers" <<'PY'
import os, re, sys, tomllib
with open(sys.argv[1], "rb") as f:
    suites = tomllib.load(f).get("suite", [])
names = set()
for s in suites:
    name, repo, commit, paths = s["name"], s["repo"], s["commit"], s["paths"]
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name), f"bad name {name!r}"
    assert name not in names, f"duplicate name {name!r}"
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9._-]+", repo), f"bad repo {repo!r}"
    assert re.fullmatch(r"[0-9a-f]{40}", commit), f"bad commit {commit!r}"
    assert paths, f"{name}: no paths"
    for p in paths:
        assert re.fullmatch(r"[A-Za-z0-9_.+-][A-Za-z0-9_./+-]*", p) and ".." not in p.split("/"), f"{name}: bad path {p!r}"
    bases = [os.path.basename(p) for p in paths]
    assert len(set(bases)) == len(bases), f"{name}: two paths share a file name"
    assert "connlint.toml" not in bases, f"{name}: a path is named connlint.toml"
    assert os.path.isfile(os.path.join(sys.argv[2], f"{name}.connlint.toml")), f"{name}: no ecosystem/peers/{name}.connlint.toml"
    names.add(name)
    print(name, repo, commit, " ".join(paths), sep="\t")
PY
)

# The git directory of owner/name under MIRRORS, or nothing.
find_git_dir() {
    local prefix="$mirrors/${1/\//+}" dir g
    for dir in "$prefix" "$prefix"*; do
        [ -d "$dir" ] || continue
        for g in "$dir" "$dir/repo" "$dir/repo/.git"; do
            if [ -f "$g/HEAD" ] && [ -d "$g/objects" ]; then
                printf '%s\n' "$g"
                return
            fi
        done
    done
}

missing=0
extracted=0
current=0
while IFS=$'\t' read -r name repo commit paths; do
    [ -n "$name" ] || continue
    out="$dest/$name"
    if [ "$(cat "$out/.connlint-commit" 2>/dev/null)" = "$commit" ]; then
        cp "$peers/$name.connlint.toml" "$out/connlint.toml"
        current=$((current + 1))
        continue
    fi
    git_dir=$(find_git_dir "$repo")
    if [ -z "$git_dir" ]; then
        echo "missing: $repo (fetch it with the session's fetch tool, or git clone --bare it into $mirrors/${repo/\//+})"
        missing=$((missing + 1))
        continue
    fi
    if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
        echo "missing: $repo at $commit: $git_dir lacks that commit (fetch it again)"
        missing=$((missing + 1))
        continue
    fi
    rm -rf "$out" "$out.part"
    mkdir -p "$out.part"
    absent=""
    for path in $paths; do
        if ! git --git-dir="$git_dir" cat-file -e "$commit:$path" 2>/dev/null; then
            absent="$absent $path"
            continue
        fi
        git --git-dir="$git_dir" cat-file blob "$commit:$path" >"$out.part/${path##*/}"
    done
    if [ -n "$absent" ]; then
        echo "missing: $repo at ${commit:0:12} has no$absent (or the snapshot left it out)"
        rm -rf "$out.part"
        missing=$((missing + 1))
        continue
    fi
    cp "$peers/$name.connlint.toml" "$out.part/connlint.toml"
    echo "$commit" >"$out.part/.connlint-commit"
    mv "$out.part" "$out"
    extracted=$((extracted + 1))
    echo "extracted: $name ($repo ${commit:0:12}, $(wc -w <<<"$paths") files)"
done <<<"$suites"

total=$(printf '%s\n' "$suites" | grep -c . || true)
echo "$total suites: $extracted extracted, $current already at their commit, $missing missing"
[ "$missing" -eq 0 ]
