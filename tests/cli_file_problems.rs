//! CLI tests: files that cannot be analysed as they are. Syntax errors,
//! invalid UTF-8, binary and UTF-16 files, empty and BOM files, unreadable and
//! too large files (`--max-file-size`), and directories and FIFOs named like
//! Python files: each gets a finding or one message, and the run goes on.

mod support;

use support::{MANUAL, Project, assert_one_message};

#[test]
fn syntax_error_is_a_finding_and_the_rest_of_the_file_is_analysed() {
    let p = Project::new();
    p.file(
        "broken.py",
        "\
import psycopg2


def broken(:
    pass


def later():
    conn = psycopg2.connect(\"dbname=app\")
    conn.close()
",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    let findings = r.findings();
    assert_eq!(findings.len(), 2, "{r:?}");
    assert!(
        findings[0].starts_with("broken.py:4:") && findings[0].ends_with(" syntax-error"),
        "{findings:?}"
    );
    assert_eq!(findings[1], "broken.py:9:12 CL101");
}

#[test]
fn syntax_error_is_reported_in_json_with_its_location() {
    let p = Project::new();
    // Only files that mention a database API are parsed (README, "Only files
    // that can matter are parsed"), so this one does.
    p.file(
        "broken.py",
        "import psycopg2\n\nconn = psycopg2.connect(\"dbname=app\"\nconn.close()\n",
    );
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty(), "{v:#}");
    assert_eq!(items[0]["code"], "syntax-error");
    assert_eq!(items[0]["path"], "broken.py");
    assert_eq!(items[0]["severity"], "error");
    assert!(items[0]["start"]["line"].as_u64().unwrap() >= 3, "{v:#}");
}

#[test]
fn non_utf8_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    p.file("latin1.py", b"# caf\xe9\nx = 1\n")
        .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "latin1.py", "not valid UTF-8");
}

#[test]
fn invalid_utf8_inside_a_string_in_the_middle_of_a_file_names_its_line() {
    let p = Project::new();
    let mut bytes = MANUAL.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n\nGREETING = \"caf\xe9 au lait\"\n\n");
    bytes.extend_from_slice(MANUAL.as_bytes());
    p.file("mixed.py", &bytes).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    let line = MANUAL.lines().count() + 3;
    assert_one_message(
        &r.stderr,
        "mixed.py",
        &format!("not valid UTF-8 (invalid byte at line {line}"),
    );
}

#[test]
fn binary_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    p.file("blob.py", b"\x7fELF\x02\x01\x01\x00\x00\x00")
        .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "blob.py", "binary");
}

#[test]
fn utf16_file_gets_one_message_and_the_run_goes_on() {
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "import os\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let p = Project::new();
    p.file("wide.py", utf16).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "wide.py", "UTF-16");
}

#[test]
fn empty_file_is_checked_without_complaint() {
    let p = Project::new();
    p.file("empty.py", "");
    let r = p.run(&["check", "empty.py"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
}

#[test]
fn utf8_bom_file_is_checked_with_correct_columns() {
    let p = Project::new();
    p.file("bom.py", format!("\u{feff}{MANUAL}"));
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["bom.py:3:8 CL101"]);
}

#[cfg(unix)]
#[test]
fn unreadable_file_gets_one_message_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    p.file("secret.py", MANUAL).file("app.py", MANUAL);
    std::fs::set_permissions(p.path("secret.py"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read(p.path("secret.py")).is_ok();
    let r = p.run(&["check", "--output-format", "concise"]);
    if privileged {
        // Running as root (or with CAP_DAC_OVERRIDE): mode 000 does not block
        // reads, so the file is simply checked; the permission message cannot
        // be provoked here.
        r.expect_code(1);
        assert_eq!(r.findings(), ["app.py:3:8 CL101", "secret.py:3:8 CL101"]);
    } else {
        r.expect_code(1);
        assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
        assert_one_message(&r.stderr, "secret.py", "permission denied");
    }
    // Let the temp dir be removed.
    std::fs::set_permissions(p.path("secret.py"), std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn too_large_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    let big = format!("{MANUAL}{}", "x = 1\n".repeat(100));
    p.file("big.py", &big).file("app.py", MANUAL);
    let r = p.run(&[
        "check",
        "--max-file-size",
        "200",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "big.py", "larger than the limit of 200 bytes");
}

#[test]
fn max_file_size_is_inclusive_and_settable_in_config() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    let size = MANUAL.len().to_string();
    let r = p.run(&[
        "check",
        "--max-file-size",
        &size,
        "--output-format",
        "concise",
    ]);
    assert_eq!(
        r.findings(),
        ["app.py:3:8 CL101"],
        "a file of exactly the limit is checked"
    );
    assert_eq!(r.stderr, "");

    p.file(
        "connlint.toml",
        format!("max-file-size = {}\n", MANUAL.len() - 1),
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(2);
    assert_eq!(r.findings(), Vec::<String>::new());
    assert_one_message(&r.stderr, "app.py", "larger than the limit");
}

#[test]
fn directory_named_like_a_python_file_is_walked_not_read() {
    let p = Project::new();
    p.file("pkg.py/inner.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["pkg.py/inner.py:3:8 CL101"]);
    assert_eq!(r.stderr, "");
    let r = p.run(&["check", "pkg.py", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["pkg.py/inner.py:3:8 CL101"]);
}

#[cfg(unix)]
fn mkfifo(p: &Project, rel: &str) {
    let status = std::process::Command::new("mkfifo")
        .arg(p.path(rel))
        .status()
        .expect("running mkfifo");
    assert!(status.success(), "mkfifo failed");
}

#[cfg(unix)]
#[test]
fn fifo_in_a_walked_directory_does_not_hang() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    mkfifo(&p, "pipe.py");
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "pipe.py", "not a regular file");
}

#[cfg(unix)]
#[test]
fn fifo_named_on_the_command_line_is_reported_not_read() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    mkfifo(&p, "pipe.py");
    let r = p.run(&["check", "pipe.py", "app.py", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "pipe.py", "not a regular file");
}
