//! Fix round-trips: every `fixtures/fix/python/x.py` becomes exactly
//! `x.fixed.py` under `connlint check --fix` (`--unsafe-fixes` too for
//! `unsafe_*.py`, which plain `--fix` must leave alone); a second run changes nothing;
//! the fixed file compiles (with `python3`, when there is one); and the
//! `--diff` of the original applies with `patch` to the same bytes.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// (relative path, original bytes, expected bytes) of each Python file in a case.
type Files = Vec<(PathBuf, Vec<u8>, Vec<u8>)>;

/// One fix case: a single file `x.py` (with `x.fixed.py` beside it), or a
/// directory holding a small project, where each `y.py` that changes has a
/// `y.fixed.py` beside it and every other file must stay as it is.
struct Case {
    name: String,
    src: PathBuf,
    is_dir: bool,
}

impl Case {
    fn unsafe_ok(&self) -> bool {
        self.name.starts_with("unsafe_")
    }

    /// Copies the case into `dir`; returns (relative path, original, expected)
    /// for every Python file and the path argument to check.
    fn install(&self, dir: &Path) -> (Files, String) {
        let mut files = Vec::new();
        if self.is_dir {
            for p in walk(&self.src) {
                let rel = p.strip_prefix(&self.src).unwrap().to_path_buf();
                let name = rel.to_string_lossy().into_owned();
                if name.ends_with(".fixed.py") {
                    continue;
                }
                let target = dir.join(&rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(&p, &target).unwrap();
                let original = std::fs::read(&p).unwrap();
                let fixed = p.with_file_name(
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .replace(".py", ".fixed.py"),
                );
                let expected = std::fs::read(&fixed).unwrap_or_else(|_| original.clone());
                if rel.extension().is_some_and(|e| e == "py") {
                    files.push((rel, original, expected));
                }
            }
            (files, ".".to_owned())
        } else {
            let fixed = self
                .src
                .with_file_name(self.name.replace(".py", ".fixed.py"));
            assert!(fixed.is_file(), "{} has no .fixed.py", self.src.display());
            std::fs::copy(&self.src, dir.join(&self.name)).unwrap();
            files.push((
                PathBuf::from(&self.name),
                std::fs::read(&self.src).unwrap(),
                std::fs::read(&fixed).unwrap(),
            ));
            (files, self.name.clone())
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            // connlint's own cache is not one of the case's files.
            if p.ends_with(".connlint_cache") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix/python");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let is_dir = p.is_dir();
        let is_py = p.extension().is_some_and(|e| e == "py");
        if is_dir || (is_py && !name.ends_with(".fixed.py")) {
            out.push(Case {
                name,
                src: p,
                is_dir,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 20);
    out
}

fn connlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// `python3 -m py_compile REL` in `dir` succeeds.
fn assert_compiles(dir: &Path, rel: &Path, case: &str) {
    let c = Command::new("python3")
        .arg("-m")
        .arg("py_compile")
        .arg(rel)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(
        c.status.success(),
        "{case}/{} does not compile: {c:?}",
        rel.display()
    );
}

fn count_files(dir: &Path) -> usize {
    walk(dir).len()
}

#[test]
fn fix_gives_the_fixed_file_and_is_idempotent() {
    let python = Command::new("python3").arg("--version").output().is_ok();
    if !python {
        eprintln!("python3 not found: the fixed files are not compiled");
    }
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (files, target) = case.install(dir.path());
        let before = count_files(dir.path());
        let name = &case.name;
        if case.unsafe_ok() {
            let safe = connlint(dir.path(), &["check", "--fix", "--select", "ALL", &target]);
            assert_ne!(safe.status.code(), Some(2), "{name}: {safe:?}");
            for (rel, original, _) in &files {
                assert!(
                    std::fs::read(dir.path().join(rel)).unwrap() == *original,
                    "{name}: plain --fix applied an unsafe fix to {}",
                    rel.display()
                );
            }
        }
        let mut args = vec!["check", "--fix", "--select", "ALL", &target];
        if case.unsafe_ok() {
            args.push("--unsafe-fixes");
        }
        let out = connlint(dir.path(), &args);
        assert_ne!(out.status.code(), Some(2), "{name}: {out:?}");
        for (rel, _, want) in &files {
            let got = std::fs::read(dir.path().join(rel)).unwrap();
            assert!(
                got == *want,
                "{name}/{}: --fix gave\n{}\nexpected\n{}",
                rel.display(),
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(want)
            );
        }
        // Idempotent: nothing left to fix.
        let mut args = vec!["check", "--diff", "--select", "ALL", &target];
        if case.unsafe_ok() {
            args.push("--unsafe-fixes");
        }
        let again = connlint(dir.path(), &args);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{name}: second run would change: {again:?}"
        );
        assert!(again.stdout.is_empty(), "{name}: {again:?}");
        for (rel, _, want) in &files {
            assert!(
                std::fs::read(dir.path().join(rel)).unwrap() == *want,
                "{name}: --diff wrote"
            );
        }
        // No temporary file left behind.
        assert_eq!(
            count_files(dir.path()),
            before,
            "{name}: files left in the directory"
        );
        if python {
            for (rel, _, _) in &files {
                assert_compiles(dir.path(), rel, name);
            }
        }
    }
}

#[test]
fn diff_applies_with_patch_and_changes_nothing() {
    let patch = Command::new("patch").arg("--version").output().is_ok();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (files, target) = case.install(dir.path());
        let name = &case.name;
        let mut args = vec!["check", "--diff", "--select", "ALL", &target];
        if case.unsafe_ok() {
            args.push("--unsafe-fixes");
        }
        let out = connlint(dir.path(), &args);
        let changes = files.iter().any(|(_, o, e)| o != e);
        assert_eq!(
            out.status.code(),
            Some(i32::from(changes)),
            "{name}: {out:?}"
        );
        for (rel, original, _) in &files {
            assert!(
                std::fs::read(dir.path().join(rel)).unwrap() == *original,
                "{name}: --diff wrote"
            );
        }
        if !changes || !patch {
            continue;
        }
        let diff = dir.path().join("fix.diff");
        std::fs::write(&diff, &out.stdout).unwrap();
        let p = Command::new("patch")
            .args(["-p0", "--binary", "-i", "fix.diff"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(p.status.success(), "{name}: patch failed: {p:?}");
        for (rel, _, want) in &files {
            assert!(
                std::fs::read(dir.path().join(rel)).unwrap() == *want,
                "{name}/{}: patched",
                rel.display()
            );
        }
    }
}

#[test]
fn read_only_file_is_reported_not_forced() {
    let dir = tempfile::tempdir().unwrap();
    let input = cases()
        .into_iter()
        .find(|c| c.name == "with_connect_basic.py")
        .unwrap()
        .src;
    let target = dir.path().join("report.py");
    std::fs::copy(&input, &target).unwrap();
    let mut perms = std::fs::metadata(&target).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&target, perms).unwrap();
    let out = connlint(dir.path(), &["check", "--fix", "report.py"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("report.py: read-only file; not fixed"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(&input).unwrap()
    );
    assert_eq!(out.status.code(), Some(1), "the finding remains: {out:?}");
}

#[test]
fn fix_flags_refuse_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = connlint(dir.path(), &["check", "--fix", "--stdin-filename", "a.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stdin-filename"));
}

/// The acceptance run: `--fix` (and `--fix --unsafe-fixes`) over a
/// copy of every Python fixture, a codebase full of the manual pattern. What
/// changes still compiles, a second run changes nothing, and every finding
/// left still carries a help line.
#[test]
fn fix_over_the_whole_fixture_tree_is_valid_and_stable() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/python");
    let python = Command::new("python3").arg("--version").output().is_ok();
    for unsafe_ok in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut originals = Vec::new();
        for p in walk(&src) {
            let rel = p.strip_prefix(&src).unwrap().to_path_buf();
            let target = dir.path().join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&p, &target).unwrap();
            originals.push((rel, std::fs::read(&p).unwrap()));
        }
        let mut args = vec!["check", "--fix", "--exit-zero", "."];
        if unsafe_ok {
            args.push("--unsafe-fixes");
        }
        let out = connlint(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let changed: Vec<&PathBuf> = originals
            .iter()
            .filter(|(rel, old)| std::fs::read(dir.path().join(rel)).unwrap() != *old)
            .map(|(rel, _)| rel)
            .collect();
        assert!(
            changed.len() >= 10,
            "unsafe={unsafe_ok}: only {} files fixed",
            changed.len()
        );
        if python {
            for rel in &changed {
                assert_compiles(dir.path(), rel, "fixture tree");
            }
        }
        let mut again = vec!["check", "--diff", "."];
        if unsafe_ok {
            again.push("--unsafe-fixes");
        }
        let again = connlint(dir.path(), &again);
        assert!(again.stdout.is_empty(), "unsafe={unsafe_ok}: {again:?}");
        let left = connlint(
            dir.path(),
            &["check", "--output-format", "json", "--exit-zero", "."],
        );
        let findings: serde_json::Value = serde_json::from_slice(&left.stdout).unwrap();
        for f in findings.as_array().unwrap() {
            if matches!(f["code"].as_str(), Some("CL101" | "CL102")) {
                assert!(f["help"].is_string(), "no suggestion: {f}");
            }
        }
    }
}
