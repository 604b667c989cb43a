//! After `connlint check --fix`, ruff finds nothing new: no unused import or
//! name (`F401`, `F811`, `F841`), no import out of isort's order (`I001`),
//! no syntax error (`E9`) that was not there before, on the whole fixture
//! tree (`fixtures/python/` and `fixtures/fix/python/`, copied). ruff comes
//! from PyPI, pinned, in a virtualenv of the test's own (`python3` with
//! `venv` and PyPI are needed, as for `tests/pre_commit.rs`).

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const RUFF: &str = "ruff==0.17.6";
const SELECT: &str = "F401,F811,F841,I001,E9";

/// (file, rule) → how many ruff reports, under `dir`.
fn ruff_counts(ruff: &Path, dir: &Path) -> BTreeMap<(String, String), usize> {
    let out = Command::new(ruff)
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--exit-zero",
            "--quiet",
        ])
        .args(["--select", SELECT, "--output-format", "concise", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ruff failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut counts = BTreeMap::new();
    // `path:line:col: CODE message`
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.splitn(4, ':');
        let (Some(file), Some(_), Some(_), Some(rest)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let code = rest.split_whitespace().next().unwrap_or("").to_owned();
        *counts.entry((file.to_owned(), code)).or_default() += 1;
    }
    counts
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn ruff_finds_nothing_new_after_fix_on_the_fixture_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .expect("python3 is needed to run ruff");
    assert!(made.status.success(), "python3 -m venv failed");
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", RUFF])
        .output()
        .unwrap();
    assert!(
        pip.status.success(),
        "pip install {RUFF} failed: {}",
        String::from_utf8_lossy(&pip.stderr)
    );
    let ruff = venv.join("bin/ruff");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tree = tmp.path().join("tree");
    copy_tree(&root.join("fixtures/python"), &tree.join("python"));
    copy_tree(&root.join("fixtures/fix/python"), &tree.join("fix"));
    // The expected outputs are not inputs.
    let before = ruff_counts(&ruff, &tree);
    let fix = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args(["check", "--fix", "--no-cache", "--quiet", "."])
        .current_dir(&tree)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&fix.stderr);
    assert!(
        matches!(fix.status.code(), Some(0 | 1)),
        "connlint --fix failed: {stderr}"
    );
    let after = ruff_counts(&ruff, &tree);
    let new: Vec<String> = after
        .iter()
        .filter(|(k, v)| **v > before.get(*k).copied().unwrap_or(0))
        .map(|((file, code), v)| {
            format!(
                "{file}: {code} {} -> {v}",
                before.get(&(file.clone(), code.clone())).unwrap_or(&0)
            )
        })
        .collect();
    assert!(
        new.is_empty(),
        "ruff reports new problems after --fix:\n{}",
        new.join("\n")
    );
    // Never a silent pass: fixes were applied.
    let changed = Command::new("diff")
        .args(["-rq"])
        .arg(root.join("fixtures/python"))
        .arg(tree.join("python"))
        .output()
        .unwrap();
    let changed = String::from_utf8_lossy(&changed.stdout)
        .lines()
        .filter(|l| l.starts_with("Files "))
        .count();
    assert!(changed >= 10, "only {changed} files were fixed");
}
