//! CLI tests: exit codes. 0 when clean, 1 for findings, 2 for usage errors
//! and for runs where nothing could be read; `--exit-zero` and
//! `--exit-non-zero-on-fix`.

mod support;

use support::{CLEAN, MANUAL, Project};

#[test]
fn clean_project_exits_0_with_all_checks_passed() {
    let p = Project::new();
    p.file("app.py", CLEAN);
    let r = p.run(&["check"]);
    r.expect_code(0);
    assert!(r.stdout.contains("All checks passed!"), "{r:?}");
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
    assert_eq!(r.stderr, "");
}

#[test]
fn findings_exit_1() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["script.py:3:8 CL101"]);
}

#[test]
fn no_paths_checks_the_working_directory() {
    let p = Project::new();
    p.file("a/b/script.py", MANUAL).file("c.py", CLEAN);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["a/b/script.py:3:8 CL101"]);
}

#[test]
fn exit_zero_turns_findings_into_success() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--exit-zero", "--output-format", "concise"]);
    r.expect_code(0);
    assert_eq!(r.findings(), ["script.py:3:8 CL101"]);
}

#[test]
fn exit_zero_does_not_hide_a_missing_path() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--exit-zero", "script.py", "gone.py"]);
    r.expect_code(2);
    assert!(r.stderr.contains("gone.py"), "{r:?}");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--no-such-flag"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--no-such-flag"), "{r:?}");
    assert_eq!(r.stdout, "");
}

#[test]
fn invalid_output_format_is_a_usage_error() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "xml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("xml"), "{r:?}");
}

#[test]
fn nothing_readable_exits_2() {
    let p = Project::new();
    p.file("blob.py", b"import os\x00\x01\x02\n");
    let r = p.run(&["check", "blob.py"]);
    r.expect_code(2);
    assert!(r.stderr.contains("blob.py"), "{r:?}");
}

const CANONICAL_SQLITE: &str = "import sqlite3\n\n\ndef names(path):\n    conn = sqlite3.connect(path)\n    try:\n        return [r[0] for r in conn.execute(\"SELECT name FROM users\")]\n    finally:\n        conn.close()\n";

#[test]
fn exit_non_zero_on_fix_fails_when_a_fix_was_applied() {
    let p = Project::new();
    p.file("names.py", CANONICAL_SQLITE);
    // Without the flag, nothing remains after the fix: exit 0.
    p.run(&["check", "--fix"]).expect_code(0);
    p.file("names.py", CANONICAL_SQLITE);
    let r = p.run(&["check", "--fix", "--exit-non-zero-on-fix"]);
    r.expect_code(1);
    assert!(r.stderr.contains("Fixed 1 problem"), "{r:?}");
    // Nothing left to fix: exit 0 again.
    p.run(&["check", "--fix", "--exit-non-zero-on-fix"])
        .expect_code(0);
    p.file("names.py", CANONICAL_SQLITE);
    p.run(&["check", "--fix-only", "--exit-non-zero-on-fix"])
        .expect_code(1);
}
