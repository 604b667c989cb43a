//! CLI tests: baselines. `--write-baseline`, `--baseline` and
//! `--baseline-stats`: old findings silenced even after lines shift, new ones
//! and stale entries reported, bad baseline files named.

mod support;

use support::Project;

/// Two leaky functions in each of two files, for the baseline tests.
const LEGACY_ORDERS: &str = r#"import psycopg2


def list_orders(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM orders")
    return cur.fetchall()


def count_orders(dsn):
    conn = psycopg2.connect(dsn)
    return conn.cursor().execute("SELECT count(*) FROM orders")
"#;

const LEGACY_USERS: &str = r#"import sqlite3


def names(path):
    db = sqlite3.connect(path)
    return [r[0] for r in db.execute("SELECT name FROM users")]
"#;

fn legacy_project() -> Project {
    let p = Project::new();
    p.file("app/orders.py", LEGACY_ORDERS)
        .file("app/users.py", LEGACY_USERS);
    p
}

#[test]
fn baseline_silences_old_findings_even_after_lines_shift() {
    let p = legacy_project();
    let before = p.run(&["check", "--output-format", "concise"]);
    before.expect_code(1);
    let old = before.findings().len();
    assert!(old >= 4, "{before:?}");
    let w = p.run(&["check", "--write-baseline", "connlint-baseline.json"]);
    w.expect_code(0);
    assert!(w.stderr.contains(&format!("Wrote {old} findings")), "{w:?}");
    // Sorted, one entry per finding, no line numbers.
    let text = std::fs::read_to_string(p.path("connlint-baseline.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = json["findings"].as_array().unwrap();
    assert_eq!(entries.len(), old);
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
                e["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(!text.contains("\"line\""), "{text}");
    let r = p.run(&["check", "--baseline", "connlint-baseline.json"]);
    r.expect_code(0);
    assert!(r.stdout.contains("All checks passed!"), "{r:?}");

    // 20 lines at the top of every file, and an edit in another function.
    let header = "# Copyright (c) the legacy team.\n".repeat(19) + "import logging\n";
    p.file("app/orders.py", format!("{header}{LEGACY_ORDERS}"));
    p.file(
        "app/users.py",
        format!("{header}{LEGACY_USERS}\n\ndef unrelated():\n    return 42\n"),
    );
    let r = p.run(&[
        "check",
        "--baseline",
        "connlint-baseline.json",
        "--baseline-stats",
    ]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains(&format!("baseline: {old} silenced, 0 new, 0 stale")),
        "{r:?}"
    );
    // Rewriting the baseline after those edits changes nothing in it.
    p.run(&["check", "--write-baseline", "again.json"])
        .expect_code(0);
    assert_eq!(std::fs::read_to_string(p.path("again.json")).unwrap(), text);
}

#[test]
fn baseline_reports_new_findings_and_stale_entries() {
    let p = legacy_project();
    p.run(&["check", "--write-baseline", "b.json"])
        .expect_code(0);
    // A new leak in a new function; the sqlite3 one fixed.
    p.file(
        "app/orders.py",
        format!("{LEGACY_ORDERS}\n\ndef refund(dsn):\n    c = psycopg2.connect(dsn)\n    c.cursor().execute(\"UPDATE orders SET refunded = true\")\n"),
    );
    p.file(
        "app/users.py",
        "import sqlite3\nfrom contextlib import closing\n\n\ndef names(path):\n    with closing(sqlite3.connect(path)) as db:\n        return [r[0] for r in db.execute(\"SELECT name FROM users\")]\n",
    );
    let r = p.run(&[
        "check",
        "--baseline",
        "b.json",
        "--baseline-stats",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    let found = r.findings();
    assert!(!found.is_empty(), "{r:?}");
    assert!(
        found.iter().all(|f| f.starts_with("app/orders.py:17:")),
        "only the new function's findings: {r:?}"
    );
    assert!(r.stderr.contains("stale: app/users.py CL"), "{r:?}");
    assert!(r.stderr.contains(" in `names`"), "{r:?}");
}

#[test]
fn a_missing_or_foreign_baseline_is_an_error_naming_it() {
    let p = legacy_project();
    let r = p.run(&["check", "--baseline", "nope.json"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("nope.json: cannot read the baseline"),
        "{r:?}"
    );
    p.file("other.json", "{\"findings\": []}");
    let r = p.run(&["check", "--baseline", "other.json"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("other.json: not a connlint baseline"),
        "{r:?}"
    );
}

/// Issue 22: the committed baseline does not churn. Lines inserted above the
/// findings, an unrelated function renamed and the flagged calls reformatted
/// (arguments wrapped) leave every finding matched, and writing the baseline
/// again gives the same bytes.
#[test]
fn baseline_file_is_stable_across_unrelated_edits_and_reformatting() {
    let p = Project::new();
    let before = r#"import psycopg2


def helper():
    return 1


def list_orders(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM orders")
    rows = cur.fetchall()
    conn.close()
    return rows
"#;
    p.file("app/orders.py", before);
    p.run(&["check", "--write-baseline", "baseline.json"])
        .expect_code(0);
    let first = std::fs::read_to_string(p.path("baseline.json")).unwrap();
    assert!(first.contains("(line N)"), "{first}");
    assert!(!first.contains("(line 10)"), "{first}");

    let after = r#"import psycopg2

# Lines added above the findings.
ORDERS_LIMIT = 100
ORDERS_TABLE = "orders"


def renamed_helper():
    return 1


def list_orders(dsn):
    conn = psycopg2.connect(
        dsn
    )
    cur = conn.cursor(
    )
    cur.execute("SELECT id FROM orders")
    rows = cur.fetchall()
    conn.close()
    return rows
"#;
    p.file("app/orders.py", after);
    let r = p.run(&[
        "check",
        "--baseline",
        "baseline.json",
        "--output-format",
        "concise",
    ]);
    r.expect_code(0);
    assert!(r.findings().is_empty(), "{r:?}");
    p.run(&["check", "--write-baseline", "baseline2.json"])
        .expect_code(0);
    let second = std::fs::read_to_string(p.path("baseline2.json")).unwrap();
    assert_eq!(first, second, "the baseline changed after unrelated edits");
}
