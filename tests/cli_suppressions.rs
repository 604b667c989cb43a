//! CLI tests: suppression comments in Python and Rust. `# noqa`, `# noqa: CODE`,
//! `# noqa: name` and `# connlint: ignore[...]`, and which statement each
//! one covers.

mod support;

use support::{BYPASS, POOL_MODULE, Project, pool_project};

/// One function per suppression form; `unsuppressed` and `other_code` must still fire.
const SUPPRESSED: &str = "\
import psycopg2

DSN = \"dbname=app\"


def bare_noqa():
    conn = psycopg2.connect(DSN)  # noqa
    conn.close()


def noqa_code():
    conn = psycopg2.connect(DSN)  # noqa: CL101
    conn.close()


def noqa_name():
    conn = psycopg2.connect(DSN)  # noqa: manual-connection
    conn.close()


def connlint_ignore():
    conn = psycopg2.connect(DSN)  # connlint: ignore[CL101]
    conn.close()


def first_line_of_statement():
    conn = psycopg2.connect(  # noqa: CL101
        DSN,
        connect_timeout=5,
    )
    conn.close()


def last_line_of_statement():
    conn = psycopg2.connect(
        DSN,
        connect_timeout=5,
    )  # noqa:CL101
    conn.close()


def other_code():
    conn = psycopg2.connect(DSN)  # noqa: CL201
    conn.close()


def on_another_statement():
    conn = psycopg2.connect(DSN)
    conn.close()  # noqa


def in_a_string():
    conn = psycopg2.connect(\"dbname=app # noqa\")
    conn.close()


def unsuppressed():
    conn = psycopg2.connect(DSN)
    conn.close()
";

#[test]
fn each_suppression_form_silences_only_its_statement() {
    let p = Project::new();
    p.file("s.py", SUPPRESSED);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "s.py:43:12 CL101",
            "s.py:48:12 CL101",
            "s.py:53:12 CL101",
            "s.py:58:12 CL101"
        ]
    );
}

#[test]
fn suppression_on_compound_statement_header_lines() {
    let p = Project::new();
    p.file("app/__init__.py", "")
        .file("app/db.py", POOL_MODULE)
        .file(
            "app/tasks.py",
            "\
from contextlib import closing

import psycopg2

from app.db import DSN


def one():
    with closing(psycopg2.connect(DSN)) as conn:  # connlint: ignore[pool-bypass]
        return conn


def two():
    with closing(
        psycopg2.connect(DSN)
    ) as conn:  # noqa: CL201
        return conn

",
        );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(0);
    // The control: without the comments both fire.
    let text = std::fs::read_to_string(p.path("app/tasks.py")).unwrap();
    p.file(
        "app/tasks.py",
        text.replace("  # connlint: ignore[pool-bypass]", "")
            .replace("  # noqa: CL201", ""),
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["app/tasks.py:9:18 CL201", "app/tasks.py:15:9 CL201"]
    );
}

#[test]

fn suppression_in_a_with_body_does_not_cover_the_header() {
    let p = Project::new();
    p.file("app/__init__.py", "")
        .file("app/db.py", POOL_MODULE)
        .file(
            "app/tasks.py",
            "\
from contextlib import closing

import psycopg2

from app.db import DSN


def export():
    with closing(psycopg2.connect(DSN)) as conn:
        return conn  # noqa: CL201
",
        );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/tasks.py:9:18 CL201"]);
}

#[test]
fn connlint_ignore_without_codes_suppresses_everything_on_the_statement() {
    let p = pool_project();
    p.file(
        "app/report.py",
        BYPASS.replace(
            "conn = psycopg2.connect(DSN)",
            "conn = psycopg2.connect(DSN)  # connlint: ignore",
        ),
    );
    let r = p.run(&["check"]);
    r.expect_code(0);
}

#[test]
fn rust_suppressions_are_read_in_any_case() {
    // `// NOQA` is `# noqa`'s spelling in some teams; Rust files once looked
    // for suppression comments only when the text held a lowercase `noqa`.
    let pool =
        "use deadpool_postgres::{Manager, Pool};\n\npub fn pool(manager: Manager) -> Pool {\n";
    let p = Project::new();
    p.file(
        "src/a.rs",
        format!(
            "{pool}    Pool::builder(manager).max_size(16).build().unwrap() // NOQA: CL205\n}}\n"
        ),
    );
    p.file(
        "src/b.rs",
        format!("{pool}    Pool::builder(manager).max_size(16).build().unwrap() // Connlint: ignore[CL205]\n}}\n"),
    );
    p.file(
        "src/c.rs",
        format!("{pool}    Pool::builder(manager).max_size(16).build().unwrap()\n}}\n"),
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["src/c.rs:4:5 CL205"]);
}

/// CL901 (off by default): a stale `# noqa: CL101` is reported when selected
/// and `--fix` removes it; the one still in use stays; other linters' codes
/// keep their comment.
#[test]
fn unused_suppressions_are_reported_and_removed_when_selected() {
    let p = Project::new();
    let code = "import psycopg2\nfrom contextlib import closing\n\n\ndef a(dsn):\n    conn = psycopg2.connect(dsn)  # noqa: CL101\n    try:\n        return conn.cursor().execute(\"SELECT 1\")\n    finally:\n        conn.close()\n\n\ndef b(dsn):\n    with closing(psycopg2.connect(dsn)) as conn:  # noqa: CL101\n        return conn.cursor().execute(\"SELECT 1\")\n\n\ndef c(dsn):\n    with closing(psycopg2.connect(dsn)) as conn:  # noqa: CL101, E501\n        return conn.cursor().execute(\"SELECT 1\")\n";
    p.file("app/jobs.py", code);
    // Off by default.
    p.run(&["check", "--output-format", "concise"])
        .expect_code(0);
    let r = p.run(&[
        "check",
        "--extend-select",
        "CL901",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        ["app/jobs.py:14:51 CL901", "app/jobs.py:19:51 CL901"],
        "{r:?}"
    );
    let f = p.run(&[
        "check",
        "--extend-select",
        "CL901",
        "--fix",
        "--output-format",
        "concise",
    ]);
    let fixed = std::fs::read_to_string(p.path("app/jobs.py")).unwrap();
    assert!(
        fixed.contains("conn = psycopg2.connect(dsn)  # noqa: CL101\n"),
        "{fixed}"
    );
    assert!(fixed.contains("as conn:\n        return"), "{fixed}");
    assert!(fixed.contains("# noqa: CL101, E501"), "{fixed}");
    assert_eq!(f.findings(), ["app/jobs.py:19:51 CL901"], "{f:?}");
}

/// `check --add-noqa` (adopting connlint, as ruff's): a `noqa` for every
/// current finding, on its statement's last line, merged into a `noqa`
/// list already there; the next run reports nothing, and a second
/// `--add-noqa` changes nothing.
#[test]
fn add_noqa_silences_every_current_finding_once() {
    let p = Project::new();
    let code = "import psycopg2\n\n\ndef a(dsn):\n    conn = psycopg2.connect(\n        dsn\n    )\n    cur = conn.cursor()\n    return cur.execute(\"SELECT 1\")\n\n\ndef b(dsn):\n    conn = psycopg2.connect(dsn)  # noqa: E501 -- wide\n    return conn.cursor().execute(\"SELECT 2\")\n";
    p.file("app/jobs.py", code);
    let before = p.run(&["check", "--output-format", "concise"]);
    before.expect_code(1);
    let added = p.run(&["check", "--add-noqa"]);
    added.expect_code(0);
    assert!(
        added.stderr.contains("Added 2 noqa directives."),
        "{added:?}"
    );
    let text = std::fs::read_to_string(p.path("app/jobs.py")).unwrap();
    assert!(text.contains("    )  # noqa: CL101, CL103\n"), "{text}");
    assert!(
        text.contains("# noqa: E501, CL101, CL103 -- wide\n"),
        "{text}"
    );
    p.run(&["check"]).expect_code(0);
    let again = p.run(&["check", "--add-noqa"]);
    assert!(
        again.stderr.contains("Added 0 noqa directives."),
        "{again:?}"
    );
    assert_eq!(
        std::fs::read_to_string(p.path("app/jobs.py")).unwrap(),
        text
    );
}
