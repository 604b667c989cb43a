//! The registry's consistency, as tests (ruff's doc script and clippy's
//! `update_lints` in one): codes unique and sorted, names kebab-case, every
//! rule with a complete page whose `Example` fires and whose `Use instead`
//! does not, fixtures on both sides for each language, and the README's rule
//! table equal to the registry.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::fmt::Write as _;
use std::path::Path;

use connlint::rules::{RULES, Status};

const SECTIONS: &[&str] = &[
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix",
    "## Options",
    "## Known limitations",
    "## References",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn codes_are_unique_sorted_and_well_formed() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "RULES must be sorted by code, without duplicates"
    );
    for r in RULES {
        let m = r.meta();
        assert!(
            m.code.len() == 5
                && m.code.starts_with("CL")
                && m.code[2..].chars().all(|c| c.is_ascii_digit()),
            "bad code {}",
            m.code
        );
        assert!(
            !m.name.is_empty()
                && m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !m.name.starts_with('-')
                && !m.name.ends_with('-')
                && !m.name.starts_with("no-")
                && !m.name.starts_with("avoid-"),
            "{}: name `{}` must be kebab-case and name the problem",
            m.code,
            m.name
        );
        assert!(
            !m.summary.ends_with('.'),
            "{}: summary without a final period",
            m.code
        );
    }
    let mut names: Vec<&str> = RULES.iter().map(|r| r.meta().name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "rule names must be unique");
}

#[test]
fn every_rule_has_a_complete_page() {
    for r in RULES {
        let m = r.meta();
        let path = root().join("rules").join(format!("{}.md", m.code));
        let on_disk = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} has no page {}", m.code, path.display()));
        assert_eq!(
            on_disk, m.doc,
            "{}: the embedded page differs from the file",
            m.code
        );
        let title = format!("# {} {}\n", m.code, m.name);
        assert!(
            m.doc.starts_with(&title),
            "{}: the page must start with `{}`",
            m.code,
            title.trim()
        );
        let mut last = 0;
        for s in SECTIONS {
            let at = m
                .doc
                .find(&format!("\n{s}\n"))
                .unwrap_or_else(|| panic!("{}: missing section `{s}`", m.code));
            assert!(at > last, "{}: section `{s}` is out of order", m.code);
            last = at;
        }
    }
}

/// The first ```python block after `heading`.
fn code_block(doc: &str, heading: &str) -> String {
    let start = doc.find(&format!("\n{heading}\n")).unwrap() + heading.len() + 2;
    let rest = &doc[start..];
    let open = rest
        .find("```python\n")
        .unwrap_or_else(|| panic!("no ```python block under `{heading}`"))
        + "```python\n".len();
    let close = rest[open..].find("```").unwrap();
    rest[open..open + close].to_owned()
}

/// The pool module the examples can import from: `app.db`.
const APP_DB: &str = r#"import os
from contextlib import contextmanager

from psycopg2.pool import ThreadedConnectionPool

connection_pool = ThreadedConnectionPool(10, 100, dsn=os.environ["DATABASE_URL"])
DSN = os.environ["DATABASE_URL"]


def get_db_connection():
    return connection_pool.getconn()


@contextmanager
def get_db_cursor(dict_cursor=False, autocommit=False):
    conn = connection_pool.getconn()
    cursor = None
    try:
        cursor = conn.cursor()
        yield cursor, conn
    finally:
        if cursor:
            cursor.close()
        connection_pool.putconn(conn)
"#;

/// Runs one rule on `code` placed as `app/example.py` next to `app/db.py`.
fn findings(code: &str, rule: &str) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("__init__.py"), "").unwrap();
    std::fs::write(app.join("db.py"), APP_DB).unwrap();
    std::fs::write(app.join("example.py"), code).unwrap();
    let opts = connlint::RunOptions {
        paths: vec![app.join("example.py")],
        overrides: connlint::settings::Overrides {
            select: Some(vec![rule.to_owned()]),
            ..Default::default()
        },
        jobs: 1,
        cwd: dir.path().to_owned(),
        ..Default::default()
    };
    let report = connlint::check(&opts).unwrap();
    report
        .diagnostics()
        .filter(|(_, d)| d.rule.code == rule)
        .count()
}

#[test]
fn examples_fire_and_use_instead_does_not() {
    for r in RULES {
        let m = r.meta();
        if !m.langs.contains(&connlint::source::Lang::Python) {
            continue;
        }
        let example = code_block(m.doc, "## Example");
        assert!(
            findings(&example, m.code) > 0,
            "{}: the page's `Example` does not fire:\n{example}",
            m.code
        );
        let instead = code_block(m.doc, "## Use instead");
        assert_eq!(
            findings(&instead, m.code),
            0,
            "{}: the page's `Use instead` fires:\n{instead}",
            m.code
        );
    }
}

fn fixture_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                fixture_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "py" || e == "rs") {
                out.push(p);
            }
        }
    }
}

#[test]
fn every_rule_has_positive_and_negative_fixtures() {
    for r in RULES {
        let m = r.meta();
        for lang in m.langs {
            let dir = root().join("fixtures").join(lang.name()).join(m.name);
            let mut files = Vec::new();
            fixture_files(&dir, &mut files);
            let texts: Vec<String> = files
                .iter()
                .map(|f| std::fs::read_to_string(f).unwrap_or_default())
                .collect();
            let positives = texts
                .iter()
                .filter(|t| {
                    t.lines()
                        .any(|l| l.contains("expect:") && l.contains(m.code))
                })
                .count();
            // A negative is a real file (not an empty `__init__.py`) in which this rule
            // is expected nowhere (other rules may be: CL101 fires in most leak cases).
            let negatives = texts
                .iter()
                .filter(|t| {
                    !t.trim().is_empty()
                        && !t
                            .lines()
                            .any(|l| l.contains("expect:") && l.contains(m.code))
                })
                .count();
            assert!(
                positives >= 8,
                "{} ({}): {positives} positive fixtures in {}, want at least 8",
                m.code,
                lang.name(),
                dir.display()
            );
            assert!(
                negatives >= 8,
                "{} ({}): {negatives} negative fixtures in {}, want at least 8",
                m.code,
                lang.name(),
                dir.display()
            );
        }
    }
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules-table")
        .expect("README has a rules-table marker");
    let end = readme
        .find("<!-- end rules-table -->")
        .expect("README has an end marker");
    let table = &readme[start..end];
    let mut expected = String::from(
        "| Code | Name | Lang | Severity | Default | Flags |\n|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(
            expected,
            "| {} | {} | {} | {} | {} | {} |",
            m.code,
            m.name,
            m.langs
                .iter()
                .map(|l| match l {
                    connlint::source::Lang::Python => "py",
                    connlint::source::Lang::Rust => "rs",
                })
                .collect::<Vec<_>>()
                .join(", "),
            m.severity.as_str(),
            if m.status == Status::Stable {
                "on"
            } else {
                "off"
            },
            m.summary
        );
    }
    let body = table.split_once('\n').map_or("", |(_, b)| b);
    assert_eq!(
        body, expected,
        "README rule table is out of date; it should read:\n{expected}"
    );
}
