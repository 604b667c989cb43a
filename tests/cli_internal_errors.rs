//! CLI tests: the one panic policy of the engine. A panic in any per-file
//! stage (pass 1, project, pass 2) of either language is one "internal
//! error … please report it" line naming the file and the stage; the other
//! files' findings are still reported, and the exit code is 2.
//!
//! The panics are injected with `CONNLINT_INJECT_PANIC=STAGE:NAME` (the
//! engine's test hook; not an interface).

mod support;

use support::{Project, Run, run_with_env};

/// Two independent modules, each with one finding (CL101 on line 4).
fn python_project() -> Project {
    let p = Project::new();
    for name in ["good.py", "bad.py"] {
        p.file(
            name,
            "import psycopg2\n\n\ndef load():\n    conn = psycopg2.connect(\"dbname=app\")\n    try:\n        return conn.cursor().fetchall()\n    finally:\n        conn.close()\n",
        );
    }
    p
}

/// Two crates' worth of pool set-up, each with one finding (CL205 on line 4).
fn rust_project() -> Project {
    let p = Project::new();
    for name in ["good.rs", "bad.rs"] {
        p.file(
            name,
            "use deadpool_postgres::{Manager, Pool};\n\npub fn pool(manager: Manager) -> Pool {\n    Pool::builder(manager).max_size(16).build().unwrap()\n}\n",
        );
    }
    p
}

fn run_with_panic(p: &Project, spec: &str) -> Run {
    run_with_env(
        p.root(),
        &["check", "--no-cache", "--output-format", "concise"],
        None,
        &[("CONNLINT_INJECT_PANIC", spec)],
    )
}

/// Exactly one internal-error line, naming `bad.*` and the stage.
#[track_caller]
fn assert_internal_error(r: &Run, file: &str, stage: &str) {
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("internal error"))
        .collect();
    assert_eq!(
        lines,
        [format!(
            "error: {file}: internal error in {stage} while checking this file (injected panic); please report it"
        )],
        "{r:?}"
    );
}

#[test]
fn a_panic_in_any_python_stage_is_one_internal_error_and_the_rest_is_reported() {
    for stage in ["pass 1", "project", "pass 2"] {
        let p = python_project();
        let r = run_with_panic(&p, &format!("{stage}:bad.py"));
        r.expect_code(2);
        assert_internal_error(&r, "bad.py", stage);
        assert_eq!(r.findings(), ["good.py:5:12 CL101"], "{stage}: {r:?}");
    }
}

#[test]
fn a_panic_in_any_rust_stage_is_one_internal_error_and_the_rest_is_reported() {
    for stage in ["pass 1", "project", "pass 2"] {
        let p = rust_project();
        let r = run_with_panic(&p, &format!("{stage}:bad.rs"));
        r.expect_code(2);
        assert_internal_error(&r, "bad.rs", stage);
        assert_eq!(r.findings(), ["good.rs:4:5 CL205"], "{stage}: {r:?}");
    }
}

#[test]
fn without_a_panic_both_files_are_reported() {
    // The control for the two tests above: each file has its finding.
    let r = run_with_panic(&python_project(), "pass 2:nothing.py");
    r.expect_code(1);
    assert_eq!(r.findings(), ["bad.py:5:12 CL101", "good.py:5:12 CL101"]);
    let r = run_with_panic(&rust_project(), "pass 2:nothing.rs");
    r.expect_code(1);
    assert_eq!(r.findings(), ["bad.rs:4:5 CL205", "good.rs:4:5 CL205"]);
}
