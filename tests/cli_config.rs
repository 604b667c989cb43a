//! CLI tests: which rules run and with what settings. `--select`,
//! `--extend-select` and `--ignore`; finding `connlint.toml` and
//! `pyproject.toml` `[tool.connlint]`, `--config`, flags over the file, errors
//! naming the file and key, `per-file-ignores` and `[catalog]`.

mod support;

use support::{BYPASS, MANUAL, POOL_MODULE, Project, pool_project};

// -------------------------------------------------------------- rule selection

#[test]
fn select_by_code_keeps_only_that_rule() {
    let p = pool_project();
    let r = p.run(&["check", "--select", "CL201", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
}

#[test]
fn select_by_prefix_and_by_name() {
    let p = pool_project();
    for sel in ["CL1", "manual-connection", "cl101"] {
        let r = p.run(&["check", "--select", sel, "--output-format", "concise"]);
        r.expect_code(1);
        assert_eq!(r.findings(), ["app/report.py:7:12 CL101"], "--select {sel}");
    }
}

#[test]
fn select_all_and_comma_separated_lists_enable_every_rule() {
    let p = pool_project();
    let both = ["app/report.py:7:12 CL101", "app/report.py:7:12 CL201"];
    for sel in ["ALL", "CL101,CL201", "manual-connection,pool-bypass"] {
        let r = p.run(&["check", "--select", sel, "--output-format", "concise"]);
        assert_eq!(r.findings(), both, "--select {sel}");
    }
}

#[test]
fn extend_select_adds_to_the_selection() {
    let p = pool_project();
    let r = p.run(&[
        "check",
        "--select",
        "CL101",
        "--extend-select",
        "pool-bypass",
        "--output-format",
        "concise",
    ]);
    assert_eq!(
        r.findings(),
        ["app/report.py:7:12 CL101", "app/report.py:7:12 CL201"]
    );
}

#[test]
fn ignore_removes_rules_by_code_or_name() {
    let p = pool_project();
    let r = p.run(&["check", "--ignore", "CL101", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
    let r = p.run(&[
        "check",
        "--ignore",
        "pool-bypass",
        "--output-format",
        "concise",
    ]);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL101"]);
    let r = p.run(&["check", "--ignore", "CL101,CL201"]);
    r.expect_code(0);
}

#[test]
fn unknown_selector_is_an_error_naming_it() {
    let p = pool_project();
    for flag in ["--select", "--extend-select", "--ignore"] {
        let r = p.run(&["check", flag, "CL999"]);
        r.expect_code(2);
        assert!(r.stderr.contains("CL999"), "{flag}: {r:?}");
        assert!(r.stderr.contains("unknown rule selector"), "{flag}: {r:?}");
        assert_eq!(r.stdout, "", "{flag}");
    }
}

// --------------------------------------------------------------- configuration

#[test]
fn connlint_toml_is_found_walking_up_from_the_path() {
    let p = pool_project();
    p.file("connlint.toml", "ignore = [\"CL101\"]\n");
    let r = p.run(&["check", "app/report.py", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
}

#[test]
fn a_distribution_without_git_is_its_own_project() {
    // Two unpacked sdists side by side, both with an `app` package: checking
    // one reads that one only, so its `app.db` is the pool owner.
    let p = Project::new();
    p.file("other/setup.py", "")
        .file("other/app/__init__.py", "")
        .file(
            "other/app/db.py",
            "import psycopg2\n\n\ndef connect():\n    return psycopg2.connect(\"dbname=other\")\n",
        )
        .file("svc/pyproject.toml", "[project]\nname = \"svc\"\n")
        .file("svc/app/__init__.py", "")
        .file("svc/app/db.py", POOL_MODULE)
        .file("svc/app/report.py", BYPASS);
    let r = p.run(&[
        "check",
        "svc/app/report.py",
        "--select",
        "CL201",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["svc/app/report.py:7:12 CL201"]);
}

#[test]
fn pyproject_tool_connlint_table_is_a_config() {
    let p = pool_project();
    p.file(
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.connlint]\nselect = [\"CL201\"]\n",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
}

#[test]
fn pyproject_without_tool_connlint_is_skipped_for_the_next_config_up() {
    let p = pool_project();
    p.file("connlint.toml", "select = [\"CL201\"]\n")
        .file("app/pyproject.toml", "[tool.black]\nline-length = 100\n");
    let r = p.run(&["check", "app/report.py", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
}

#[test]
fn flags_override_the_config_file() {
    let p = pool_project();
    p.file("connlint.toml", "select = [\"CL201\"]\n");
    let r = p.run(&["check", "--select", "CL101", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL101"]);
}

#[test]
fn unknown_key_in_connlint_toml_names_file_and_key() {
    let p = pool_project();
    p.file("connlint.toml", "selct = [\"CL101\"]\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("selct"), "{r:?}");
    assert_eq!(r.stdout, "");
}

#[test]
fn wrong_type_in_connlint_toml_names_file_and_key() {
    let p = pool_project();
    p.file("connlint.toml", "max-file-size = \"big\"\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("max-file-size"), "{r:?}");
}

#[test]
fn unknown_key_in_pyproject_names_file_and_key() {
    let p = pool_project();
    p.file(
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.connlint]\nbogus-option = 1\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("pyproject.toml"), "{r:?}");
    assert!(r.stderr.contains("bogus-option"), "{r:?}");
}

#[test]
fn wrong_type_in_pyproject_names_file_and_key() {
    let p = pool_project();
    p.file("pyproject.toml", "[tool.connlint]\nselect = \"CL101\"\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("pyproject.toml"), "{r:?}");
    assert!(r.stderr.contains("select"), "{r:?}");
}

#[test]
fn unknown_key_in_catalog_table_names_file_and_key() {
    let p = pool_project();
    p.file("connlint.toml", "[catalog]\npool-modulez = [\"app.db\"]\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("pool-modulez"), "{r:?}");
}

#[test]
fn a_name_both_acquirer_and_owner_is_an_error_naming_both_keys() {
    let p = pool_project();
    p.file(
        "connlint.toml",
        "[catalog]\nacquirers = [\"app.db.take\"]\n\n[[catalog.owner]]\ncall = [\"app.db.take\"]\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(
        r.stderr.contains("`app.db.take`")
            && r.stderr.contains("catalog.acquirers")
            && r.stderr.contains("[[catalog.owner]]"),
        "{r:?}"
    );

    // Either one alone is fine.
    p.file(
        "connlint.toml",
        "[catalog]\nacquirers = [\"app.db.take\"]\n",
    );
    let r = p.run(&["check"]);
    assert!(!r.stderr.contains("declared both"), "{r:?}");
}

#[test]

fn wrong_type_in_multiline_array_names_the_key() {
    let p = pool_project();
    p.file(
        "connlint.toml",
        "extend-select = [\n  \"CL101\",\n  2,\n]\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("extend-select"), "{r:?}");
}

#[test]
fn unknown_selector_in_config_names_file_and_selector() {
    let p = pool_project();
    p.file("connlint.toml", "ignore = [\"CL8\"]\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("`CL8`"), "{r:?}");
    assert!(r.stderr.contains("ignore"), "{r:?}");
}

#[test]
fn config_flag_replaces_the_discovered_config() {
    let p = pool_project();
    p.file("connlint.toml", "select = [\"CL101\"]\n")
        .file("ci/strict.toml", "select = [\"CL201\"]\n");
    let r = p.run(&[
        "check",
        "--config",
        "ci/strict.toml",
        "app",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/report.py:7:12 CL201"]);
}

#[test]
fn config_flag_errors_name_that_file() {
    let p = pool_project();
    let r = p.run(&["check", "--config", "nowhere.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("nowhere.toml"), "{r:?}");

    p.file("ci/bad.toml", "colour = true\n");
    let r = p.run(&["check", "--config", "ci/bad.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("bad.toml"), "{r:?}");
    assert!(r.stderr.contains("colour"), "{r:?}");
}

#[test]
fn per_file_ignores_drop_rules_in_matching_files_only() {
    let p = Project::new();
    p.file(
        "connlint.toml",
        "[per-file-ignores]\n\"scripts/*\" = [\"CL101\"]\n",
    )
    .file("scripts/backfill.py", MANUAL)
    .file("app/job.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/job.py:3:8 CL101"]);
}

#[test]
fn per_file_ignores_accept_rule_names() {
    let p = Project::new();
    p.file(
        "connlint.toml",
        "[per-file-ignores]\n\"tests/**\" = [\"manual-connection\"]\n",
    )
    .file("tests/unit/test_db.py", MANUAL);
    let r = p.run(&["check"]);
    r.expect_code(0);
}

#[test]
fn catalog_pool_modules_make_direct_connects_pool_bypass() {
    let p = Project::new();
    p.file("app/__init__.py", "")
        .file("app/db.py", "DSN = \"dbname=app\"\n")
        .file("app/report.py", BYPASS);
    let before = p.run(&["check", "--select", "CL201"]);
    before.expect_code(0);
    p.file("connlint.toml", "[catalog]\npool-modules = [\"app.db\"]\n");
    let after = p.run(&["check", "--select", "CL201", "--output-format", "concise"]);
    after.expect_code(1);
    assert_eq!(after.findings(), ["app/report.py:7:12 CL201"]);
}

// ------------------------------------------------------------- rule options

/// A pytest module whose query may raise while the pool slot is held.
const PYTEST_LEAK: &str = r#"import pytest
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 4, dsn="dbname=test")


def test_orders():
    conn = pool.getconn()
    conn.cursor().execute("SELECT 1")
    pool.putconn(conn)
"#;

#[test]
fn leak_on_exception_in_tests_reports_cl102_in_test_code() {
    let p = Project::new();
    p.dir(".git").file("test_orders.py", PYTEST_LEAK);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["test_orders.py:8:12 CL101"], "{r:?}");

    p.file(
        "connlint.toml",
        "[rules.leak-on-exception]\nin-tests = true\n",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["test_orders.py:8:12 CL101", "test_orders.py:8:12 CL102"],
        "{r:?}"
    );

    p.file(
        "connlint.toml",
        "[rules.leak-on-exception]\nin-tests = false\n",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["test_orders.py:8:12 CL101"], "{r:?}");
}

const FINALLY_AND_LEAK: &str = r#"from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 5, dsn="dbname=shop")


def count_orders():
    conn = pool.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM orders")
            return cur.fetchone()[0]
    finally:
        pool.putconn(conn)


def last_order():
    conn = pool.getconn()
    with conn.cursor() as cur:
        cur.execute("SELECT max(id) FROM orders")
        row = cur.fetchone()
    pool.putconn(conn)
    return row[0]
"#;

#[test]
fn manual_connection_allow_finally_leaves_finally_releases_alone() {
    let p = Project::new();
    p.dir(".git").file("orders.py", FINALLY_AND_LEAK);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        [
            "orders.py:7:12 CL101",
            "orders.py:17:12 CL101",
            "orders.py:17:12 CL102"
        ],
        "{r:?}"
    );

    // Only the release in `finally` is left alone; the release after the
    // block is still CL101, and its leak still CL102.
    p.file(
        "connlint.toml",
        "[rules.manual-connection]\nallow-finally = true\n",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["orders.py:17:12 CL101", "orders.py:17:12 CL102"],
        "{r:?}"
    );

    p.file(
        "connlint.toml",
        "[rules.manual-connection]\nallow-finally = 1\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("rules.manual-connection.allow-finally"),
        "{r:?}"
    );
}

#[test]
fn leak_on_exception_in_tests_of_the_wrong_type_names_the_key() {
    let p = Project::new();
    p.dir(".git").file("test_orders.py", PYTEST_LEAK);
    p.file(
        "connlint.toml",
        "[rules.leak-on-exception]\nin-tests = \"yes\"\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(
        r.stderr.contains("rules.leak-on-exception.in-tests"),
        "{r:?}"
    );
    assert!(r.stderr.contains("boolean"), "{r:?}");
    assert_eq!(r.stdout, "");

    // Unknown keys of the table are errors, as everywhere.
    p.file(
        "connlint.toml",
        "[rules.leak-on-exception]\nin-test = true\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("in-test"), "{r:?}");
}
