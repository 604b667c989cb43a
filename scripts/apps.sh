#!/usr/bin/env bash
# The application corpus of issue 18: the public Python applications listed
# in ecosystem/apps.toml (web backends, bots, workers, ETL tools that use
# database drivers directly), each extracted at its pinned commit into
# DEST/<name>. How the list was chosen: ecosystem/APPS.md.
#
#   scripts/apps.sh DEST [MIRRORS]      # MIRRORS defaults to /work/.mirror
#
# Where the code comes from: this script never touches the network. Each
# repository must already be a local git mirror under MIRRORS, in a folder
# whose name starts with `owner+name` (the git directory is that folder, its
# `repo/` or its `repo/.git`). In an agent session those mirrors are made by
# the session's `fetch` tool: `fetch github:owner/name` leaves the newest
# snapshot of the repository at /work/.mirror/owner+name/. Elsewhere, a bare
# clone does the same: `git clone --bare https://github.com/owner/name
# MIRRORS/owner+name`.
#
# An app already extracted at its pinned commit (DEST/<name>/.connlint-commit)
# is left as it is. Files a snapshot lacks (the fetch tool leaves out files
# of 4 MiB and more, and Git LFS content) are left out and counted; every
# other file of the commit is extracted. An app whose mirror is missing, or
# lacks the pinned commit, is reported and skipped; the exit status is then
# 1, after every other app has been extracted. Fetched code is never
# committed to this repository.
set -euo pipefail
dest=${1:?usage: scripts/apps.sh DEST [MIRRORS]}
mirrors=${2:-/work/.mirror}
here=$(cd "$(dirname "$0")/.." && pwd)
list="${APPS_LIST:-$here/ecosystem/apps.toml}"
mkdir -p "$dest"

# name, repo and commit of each app, tab-separated, checked as they are read.
apps=$(python3 - "$list" <<'PY'
import re, sys, tomllib
with open(sys.argv[1], "rb") as f:
    apps = tomllib.load(f).get("app", [])
names = set()
for a in apps:
    name, repo, commit = a["name"], a["repo"], a["commit"]
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name), f"bad name {name!r}"
    assert name not in names, f"duplicate name {name!r}"
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9._-]+", repo), f"bad repo {repo!r}"
    assert re.fullmatch(r"[0-9a-f]{40}", commit), f"bad commit {commit!r}"
    names.add(name)
    print(name, repo, commit, sep="\t")
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

# Pathspecs excluding the blobs of COMMIT that the snapshot does not hold.
absent_pathspecs() {
    git --git-dir="$1" ls-tree -r -z "$2" | python3 -c '
import subprocess, sys
git_dir = sys.argv[1]
blobs = []
for entry in sys.stdin.buffer.read().split(b"\0"):
    if entry:
        meta, path = entry.split(b"\t", 1)
        _mode, kind, oid = meta.split()
        if kind == b"blob":
            blobs.append((oid, path))
out = subprocess.run(["git", "--git-dir=" + git_dir, "cat-file", "--batch-check"],
                     input=b"".join(o + b"\n" for o, _ in blobs),
                     capture_output=True, check=True).stdout.splitlines()
for line, (oid, path) in zip(out, blobs):
    if line.endswith(b" missing"):
        sys.stdout.buffer.write(b":(exclude,literal)" + path + b"\0")
' "$1"
}

missing=0
extracted=0
current=0
while IFS=$'\t' read -r name repo commit; do
    [ -n "$name" ] || continue
    out="$dest/$name"
    if [ "$(cat "$out/.connlint-commit" 2>/dev/null)" = "$commit" ]; then
        current=$((current + 1))
        continue
    fi
    git_dir=$(find_git_dir "$repo")
    if [ -z "$git_dir" ]; then
        echo "missing: $repo (fetch it with the session's fetch tool)"
        missing=$((missing + 1))
        continue
    fi
    if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
        echo "missing: $repo at $commit: $git_dir lacks that commit (fetch it with the session's fetch tool)"
        missing=$((missing + 1))
        continue
    fi
    excludes=()
    while IFS= read -r -d '' spec; do
        excludes+=("$spec")
    done < <(absent_pathspecs "$git_dir" "$commit")
    rm -rf "$out" "$out.part"
    mkdir -p "$out.part"
    err=$(mktemp)
    if ! git --git-dir="$git_dir" archive --format=tar "$commit" -- "${excludes[@]}" 2>"$err" |
        tar -x -C "$out.part" -f -; then
        cat "$err" >&2
        rm -f "$err"
        echo "error: $repo: extracting $commit failed" >&2
        exit 2
    fi
    rm -f "$err"
    echo "$commit" >"$out.part/.connlint-commit"
    mv "$out.part" "$out"
    extracted=$((extracted + 1))
    note=""
    [ "${#excludes[@]}" -eq 0 ] || note=" (${#excludes[@]} files absent from the snapshot left out)"
    echo "extracted: $name ($repo ${commit:0:12})$note"
done <<<"$apps"

total=$(printf '%s\n' "$apps" | grep -c . || true)
echo "$total apps: $extracted extracted, $current already at their commit, $missing missing"
[ "$missing" -eq 0 ]
