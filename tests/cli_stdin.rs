//! CLI tests: checking stdin with `--stdin-filename`, inside the project
//! around it.

mod support;

use support::{MANUAL, Project, pool_project};

const USES_ACQUIRER: &str = "\
from app.db import get_db_connection


def handler():
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute(\"SELECT 1\")
    conn.close()
";

#[test]
fn stdin_is_reported_under_its_name_with_the_project_around_it() {
    let p = pool_project();
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/api.py",
            "--output-format",
            "concise",
        ],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(1);
    // `get_db_connection` is an acquirer only because app/db.py on disk says so;
    // app/report.py's own findings are not reported: only stdin is a target.
    // Pooled (CL104 at the `close()`), released only at the end (CL102).
    assert_eq!(
        r.findings(),
        [
            "app/api.py:5:12 CL101",
            "app/api.py:5:12 CL102",
            "app/api.py:8:5 CL104"
        ]
    );
}

#[test]
fn stdin_without_the_project_does_not_know_the_acquirer() {
    // The control for the test above: the finding comes from the project's summaries.
    let p = Project::new();
    let r = p.run_stdin(
        &["check", "--stdin-filename", "app/api.py"],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(0);
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
}

#[test]
fn stdin_replaces_the_file_of_the_same_name_on_disk() {
    let p = pool_project();
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/report.py",
            "--output-format",
            "concise",
        ],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app/report.py:5:12 CL101",
            "app/report.py:5:12 CL102",
            "app/report.py:8:5 CL104"
        ]
    );
}

#[test]
fn stdin_honours_per_file_ignores_for_its_name() {
    let p = Project::new();
    p.file(
        "connlint.toml",
        "[per-file-ignores]\n\"scripts/*\" = [\"CL101\"]\n",
    );
    let r = p.run_stdin(
        &["check", "--stdin-filename", "scripts/x.py"],
        MANUAL.as_bytes(),
    );
    r.expect_code(0);
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/x.py",
            "--output-format",
            "concise",
        ],
        MANUAL.as_bytes(),
    );
    assert_eq!(r.findings(), ["app/x.py:3:8 CL101"]);
}

#[test]
fn stdin_with_paths_is_a_usage_error() {
    let p = pool_project();
    let r = p.run_stdin(
        &["check", "--stdin-filename", "x.py", "app"],
        MANUAL.as_bytes(),
    );
    r.expect_code(2);
    assert!(r.stderr.contains("--stdin-filename"), "{r:?}");
}

#[test]
fn stdin_that_is_not_utf8_is_an_error_naming_it() {
    let p = Project::new();
    let r = p.run_stdin(&["check", "--stdin-filename", "app/x.py"], b"x = '\xff'\n");
    r.expect_code(2);
    assert!(r.stderr.contains("app/x.py"), "{r:?}");
    assert!(r.stderr.contains("UTF-8"), "{r:?}");
}

#[test]
fn rust_on_stdin_is_analysed_as_rust() {
    // `--stdin-filename x.rs` once analysed the text as Python and reported
    // nothing: the language comes from the name, as for a path.
    let p = Project::new();
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/rust/pool-without-timeout/primary_and_replica_pools.rs"
    ))
    .unwrap();
    let args = ["check", "--output-format", "concise"];
    p.file("src/db.rs", &source);
    let on_disk = p.run(&args);
    on_disk.expect_code(1);
    let r = p.run_stdin(
        &[&args[..], &["--stdin-filename", "src/db.rs"]].concat(),
        source.as_bytes(),
    );
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        ["src/db.rs:19:19 CL205", "src/db.rs:22:19 CL205"]
    );
    assert_eq!(r.findings(), on_disk.findings());
}
