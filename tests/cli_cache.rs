//! CLI tests: the cache in `.connlint_cache`. Same findings warm and cold,
//! invalidated by changes in other files, `--no-cache`, a corrupt cache, and
//! `connlint clean`.

mod support;

use support::Project;

const CACHE_DB: &str = r#"from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 10, dsn="dbname=app")


def get_db_connection():
    return pool.getconn()
"#;

const CACHE_VIEWS: &str = r#"from contextlib import closing

import psycopg2

from app.db import get_db_connection


def ping(dsn):
    # Mentions psycopg2: this file is read in the first round whatever app/db.py says.
    with closing(psycopg2.connect(dsn)) as conn:
        conn.cursor().execute("SELECT 1")


def list_orders():
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute("SELECT id FROM orders")
    return cur.fetchall()
"#;

fn cache_project() -> Project {
    let p = Project::new();
    p.dir(".git")
        .file("app/__init__.py", "")
        .file("app/db.py", CACHE_DB)
        .file("app/views.py", CACHE_VIEWS);
    p
}

#[test]
fn cache_gives_the_same_findings_and_follows_other_files() {
    let p = cache_project();
    let json = ["check", "--output-format", "json", "--exit-zero"];
    let cold = p.run(&json);
    cold.expect_code(0);
    assert!(p.path(".connlint_cache/python.bin").is_file(), "{cold:?}");
    assert!(cold.stdout.contains("taken from `app.db.pool`"), "{cold:?}");
    let warm = p.run(&json);
    assert_eq!(warm.stdout, cold.stdout, "a warm run differs");

    // `get_db_connection` stops handing out pooled connections: the finding
    // in app/views.py (unchanged) must change with it.
    p.file(
        "app/db.py",
        "class Settings:\n    pass\n\n\ndef get_db_connection():\n    return Settings()\n",
    );
    let after = p.run(&json);
    let fresh = p.run(&[
        "check",
        "--output-format",
        "json",
        "--exit-zero",
        "--no-cache",
    ]);
    assert_eq!(after.stdout, fresh.stdout, "the cache kept stale findings");
    assert!(!after.stdout.contains("app/views.py"), "{after:?}");

    // And back: the pooled acquisition is found again.
    p.file("app/db.py", CACHE_DB);
    let back = p.run(&json);
    assert_eq!(back.stdout, cold.stdout);
}

#[test]
fn no_cache_writes_none_and_clean_removes_it() {
    let p = cache_project();
    p.run(&["check", "--no-cache", "--exit-zero"])
        .expect_code(0);
    assert!(!p.path(".connlint_cache").exists());
    p.run(&["check", "--exit-zero"]).expect_code(0);
    let dir = p.path(".connlint_cache");
    assert!(dir.join("python.bin").is_file());
    // Never committed.
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "# Created by connlint.\n*\n"
    );
    // A corrupt cache is an empty one.
    std::fs::write(dir.join("python.bin"), b"\x05not a cache at all").unwrap();
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert!(
        r.findings()
            .iter()
            .any(|f| f.starts_with("app/views.py:15:12 CL101")),
        "{r:?}"
    );
    let r = p.run(&["clean"]);
    r.expect_code(0);
    assert!(r.stderr.contains("Removed"), "{r:?}");
    assert!(!dir.exists());
    let r = p.run(&["clean"]);
    r.expect_code(0);
    assert!(r.stderr.contains("No cache at"), "{r:?}");
}

#[test]
fn a_test_like_name_is_judged_again_when_its_content_changes() {
    // A load-testing script named like a test: not test code, so CL102.
    let script = "from psycopg2.pool import ThreadedConnectionPool\n\npool = ThreadedConnectionPool(1, 4, dsn=\"dbname=app\")\n\n\ndef run_worker():\n    conn = pool.getconn()\n    conn.cursor().execute(\"SELECT 1\")\n    pool.putconn(conn)\n";
    let p = Project::new();
    p.dir(".git").file("load_test.py", script);
    let concise = ["check", "--output-format", "concise", "--exit-zero"];
    let cold = p.run(&concise);
    assert!(cold.stdout.contains("load_test.py:7:12: CL102"), "{cold:?}");
    assert_eq!(p.run(&concise).stdout, cold.stdout, "a warm run differs");

    // The same file turned into a pytest module: test code, no CL102.
    p.file("load_test.py", format!("import pytest\n{script}"));
    let r = p.run(&concise);
    assert!(!r.stdout.contains("CL102"), "{r:?}");
    assert!(r.stdout.contains("load_test.py:8:12: CL101"), "{r:?}");

    // A new option in the configuration is not served from the cache.
    p.file(
        "connlint.toml",
        "[rules.leak-on-exception]\nin-tests = true\n",
    );
    let r = p.run(&concise);
    assert!(r.stdout.contains("load_test.py:8:12: CL102"), "{r:?}");
}

/// The trace (`CONNLINT_TRACE=1`) of a `check` with the cache.
fn trace(p: &Project) -> String {
    support::run_with_env(
        p.root(),
        &["check", "--exit-zero"],
        None,
        &[("CONNLINT_TRACE", "1")],
    )
    .stderr
}

/// Runs `check` with the cache and with `--no-cache`: the same output.
fn same_as_without_cache(p: &Project, when: &str) -> support::Run {
    let json = ["check", "--output-format", "json", "--exit-zero"];
    let cached = p.run(&json);
    let fresh = p.run(&[
        "check",
        "--output-format",
        "json",
        "--exit-zero",
        "--no-cache",
    ]);
    assert_eq!(cached.stdout, fresh.stdout, "{when}: the cache differs");
    cached
}

#[test]
fn an_edit_rechecks_what_it_changes_and_nothing_else() {
    let p = cache_project();
    p.file(
        "app/reports.py",
        "from contextlib import closing\n\nimport psycopg2\n\n\ndef export():\n    with closing(psycopg2.connect(\"dbname=app\")) as conn:\n        conn.cursor().execute(\"SELECT 1\")\n",
    );
    let cold = same_as_without_cache(&p, "cold");
    // Nothing changed: no project is built, the last one is loaded.
    let t = trace(&p);
    assert!(t.contains("python: project loaded"), "{t}");
    assert!(!t.contains("project of"), "{t}");

    // A comment: the facts are as they were, so no project is built either.
    p.file("app/db.py", format!("# The pool of the app.\n{CACHE_DB}"));
    let t = trace(&p);
    assert!(t.contains("python: project loaded"), "{t}");
    same_as_without_cache(&p, "comment in db.py");

    // The getter still hands out a connection, and the pool is still there,
    // but the connection no longer comes from it: only the summary that
    // app/views.py reads changed, and its finding changes with it.
    p.file(
        "app/db.py",
        CACHE_DB
            .replace(
                "    return pool.getconn()",
                "    return psycopg2.connect(\"dbname=app\")",
            )
            .replace("from psycopg2.pool", "import psycopg2\nfrom psycopg2.pool"),
    );
    let unpooled = same_as_without_cache(&p, "the getter stops pooling");
    assert!(unpooled.stdout.contains("app/views.py"), "{unpooled:?}");
    assert!(
        !unpooled.stdout.contains("taken from `app.db.pool`"),
        "{unpooled:?}"
    );

    // The getter stops pooling: views.py's finding changes with it.
    p.file(
        "app/db.py",
        "import psycopg2\n\n\ndef get_db_connection():\n    return psycopg2.connect(\"dbname=app\")\n",
    );
    let direct = same_as_without_cache(&p, "the getter connects directly");
    assert!(
        !direct.stdout.contains("taken from `app.db.pool`"),
        "{direct:?}"
    );
    // With no pool in the project, the direct connect of app/reports.py
    // (unchanged) bypasses nothing.
    assert!(cold.stdout.contains("app/reports.py"), "{cold:?}");
    assert!(!direct.stdout.contains("app/reports.py"), "{direct:?}");

    // A module goes, another comes with the getter.
    std::fs::remove_file(p.path("app/db.py")).unwrap();
    same_as_without_cache(&p, "db.py removed");
    p.file("app/db.py", CACHE_DB);
    let back = same_as_without_cache(&p, "db.py back");
    assert!(back.stdout.contains("taken from `app.db.pool`"), "{back:?}");
    assert!(back.stdout.contains("app/reports.py"), "{back:?}");
}

/// Sets the modification time of these files of `p` to one moment of 2020,
/// always the same: settled, so the cache stamps them.
fn age(p: &Project, rels: &[&str]) {
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    for rel in rels {
        let f = std::fs::File::options()
            .write(true)
            .open(p.path(rel))
            .expect("the file to age");
        f.set_modified(old).expect("a settable modification time");
    }
}

#[test]
fn unchanged_files_are_not_read_and_a_same_size_edit_is_seen() {
    let p = cache_project();
    let files = ["app/__init__.py", "app/db.py", "app/views.py"];
    age(&p, &files);
    let cold = same_as_without_cache(&p, "cold");
    let t = trace(&p);
    assert!(t.contains("read 3 files (3 unchanged, not read)"), "{t}");
    assert_eq!(same_as_without_cache(&p, "warm").stdout, cold.stdout);

    // The same number of bytes, the same modification time: only the
    // status-change time tells. `list_orders` no longer leaks.
    let fixed = CACHE_VIEWS.replace("    return cur.fetchall()", "    return conn.close()  ");
    assert_eq!(fixed.len(), CACHE_VIEWS.len());
    p.file("app/views.py", &fixed);
    age(&p, &files);
    let after = same_as_without_cache(&p, "a same-size edit");
    assert_ne!(after.stdout, cold.stdout, "{after:?}");
    let t = trace(&p);
    assert!(t.contains("read 3 files (3 unchanged, not read)"), "{t}");
}

#[test]
fn torn_or_missing_cache_files_are_rebuilt_not_trusted() {
    let p = cache_project();
    let files = ["app/__init__.py", "app/db.py", "app/views.py"];
    age(&p, &files);
    let cold = same_as_without_cache(&p, "cold");
    let dir = p.path(".connlint_cache");
    let facts: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("python-facts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!facts.is_empty());
    // Facts files torn or gone, the project file cut short: each is read
    // again from the source, never trusted.
    for (i, f) in facts.iter().enumerate() {
        if i % 2 == 0 {
            std::fs::write(f, b"\x01\x02").unwrap();
        } else {
            std::fs::remove_file(f).unwrap();
        }
    }
    let project = dir.join("python-project.bin");
    let bytes = std::fs::read(&project).unwrap();
    std::fs::write(&project, &bytes[..bytes.len() / 2]).unwrap();
    // A function more in app/views.py: its facts change, so a project must
    // be built from every module's facts, app/db.py's getter among them.
    p.file(
        "app/views.py",
        format!("{CACHE_VIEWS}\n\ndef page_size():\n    return 50\n"),
    );
    age(&p, &files);
    let torn = same_as_without_cache(&p, "torn facts");
    assert!(torn.stdout.contains("taken from `app.db.pool`"), "{torn:?}");
    assert_eq!(same_as_without_cache(&p, "again").stdout, torn.stdout);
    assert_eq!(torn.findings(), cold.findings());
}
