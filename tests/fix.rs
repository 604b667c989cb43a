//! Fix round-trips: every `fixtures/fix/python/x.py` becomes exactly
//! `x.fixed.py` under `connlint check --fix` (`--unsafe-fixes` too for
//! `unsafe_*.py`, which plain `--fix` must leave alone); a second run changes nothing;
//! the fixed file compiles (with `python3`, when there is one); and the
//! `--diff` of the original applies with `patch` to the same bytes.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix/python");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let is_py = p.extension().is_some_and(|e| e == "py");
        if is_py && !name.ends_with(".fixed.py") {
            let fixed = dir.join(name.replace(".py", ".fixed.py"));
            assert!(fixed.is_file(), "{} has no .fixed.py", p.display());
            out.push((p, fixed));
        }
    }
    out.sort();
    assert!(!out.is_empty());
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

#[test]
fn fix_gives_the_fixed_file_and_is_idempotent() {
    let python = Command::new("python3").arg("--version").output().is_ok();
    if !python {
        eprintln!("python3 not found: the fixed files are not compiled");
    }
    for (input, expected) in pairs() {
        let dir = tempfile::tempdir().unwrap();
        let name = input.file_name().unwrap();
        let target = dir.path().join(name);
        std::fs::copy(&input, &target).unwrap();
        let name = name.to_str().unwrap();
        let unsafe_ok = name.starts_with("unsafe_");
        if unsafe_ok {
            let safe = connlint(dir.path(), &["check", "--fix", "--select", "ALL", name]);
            assert_ne!(safe.status.code(), Some(2), "{name}: {safe:?}");
            assert_eq!(
                std::fs::read(&target).unwrap(),
                std::fs::read(&input).unwrap(),
                "{name}: plain --fix applied an unsafe fix"
            );
        }
        let mut args = vec!["check", "--fix", "--select", "ALL", name];
        if unsafe_ok {
            args.push("--unsafe-fixes");
        }
        let out = connlint(dir.path(), &args);
        assert_ne!(out.status.code(), Some(2), "{name}: {out:?}");
        let got = std::fs::read(&target).unwrap();
        let want = std::fs::read(&expected).unwrap();
        assert!(
            got == want,
            "{name}: --fix gave\n{}\nexpected\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
        // Idempotent: nothing left to fix.
        let mut args = vec!["check", "--diff", "--select", "ALL", name];
        if unsafe_ok {
            args.push("--unsafe-fixes");
        }
        let again = connlint(dir.path(), &args);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{name}: second run would change: {again:?}"
        );
        assert!(again.stdout.is_empty(), "{name}: {again:?}");
        assert_eq!(
            std::fs::read(&target).unwrap(),
            want,
            "{name}: --diff wrote"
        );
        // No temporary file left behind.
        let entries = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(entries, 1, "{name}: files left in the directory");
        if python {
            let c = Command::new("python3")
                .args(["-m", "py_compile", name])
                .current_dir(dir.path())
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .output()
                .unwrap();
            assert!(c.status.success(), "{name} does not compile: {c:?}");
        }
    }
}

#[test]
fn diff_applies_with_patch_and_changes_nothing() {
    let patch = Command::new("patch").arg("--version").output().is_ok();
    for (input, expected) in pairs() {
        let dir = tempfile::tempdir().unwrap();
        let name = input.file_name().unwrap().to_str().unwrap().to_owned();
        let target = dir.path().join(&name);
        std::fs::copy(&input, &target).unwrap();
        let mut args = vec!["check", "--diff", "--select", "ALL", &name];
        if name.starts_with("unsafe_") {
            args.push("--unsafe-fixes");
        }
        let out = connlint(dir.path(), &args);
        let changes = std::fs::read(&input).unwrap() != std::fs::read(&expected).unwrap();
        assert_eq!(
            out.status.code(),
            Some(i32::from(changes)),
            "{name}: {out:?}"
        );
        assert_eq!(
            std::fs::read(&target).unwrap(),
            std::fs::read(&input).unwrap(),
            "{name}: --diff wrote"
        );
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
        assert_eq!(
            std::fs::read(&target).unwrap(),
            std::fs::read(&expected).unwrap(),
            "{name}: patched"
        );
    }
}

#[test]
fn read_only_file_is_reported_not_forced() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = pairs()
        .into_iter()
        .find(|(p, _)| p.ends_with("with_connect_basic.py"))
        .unwrap();
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
