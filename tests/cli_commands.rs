//! CLI tests: the commands besides `check`. `rule`, `rules`, `--version`,
//! `--help`, and no command at all.

// Test helpers: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

mod support;

use support::Project;

#[test]
fn rule_by_code_prints_its_page() {
    let p = Project::new();
    let r = p.run(&["rule", "CL101"]);
    r.expect_code(0);
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/CL101.md")).unwrap();
    assert_eq!(r.stdout, page);
}

#[test]
fn rule_by_name_prints_the_same_page() {
    let p = Project::new();
    let by_code = p.run(&["rule", "CL201"]);
    let by_name = p.run(&["rule", "pool-bypass"]);
    by_name.expect_code(0);
    assert!(
        by_name.stdout.starts_with("# CL201 pool-bypass"),
        "{by_name:?}"
    );
    assert_eq!(by_code.stdout, by_name.stdout);
}

#[test]
fn unknown_rule_is_an_error() {
    let p = Project::new();
    let r = p.run(&["rule", "CL999"]);
    r.expect_code(2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("CL999"), "{r:?}");
}

#[test]
fn rules_lists_every_rule_page() {
    let p = Project::new();
    let r = p.run(&["rules"]);
    r.expect_code(0);
    for code in rule_pages() {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(&format!("{code} "))),
            "{code} missing from:\n{}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("manual-connection"));
    assert!(r.stdout.contains("pool-bypass"));
}

#[test]
fn rules_json_is_valid_and_lists_every_rule() {
    let p = Project::new();
    let r = p.run(&["rules", "--output-format", "json"]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, rule_pages());
    for rule in v.as_array().unwrap() {
        for key in ["name", "severity", "default", "languages", "summary"] {
            assert!(!rule[key].is_null(), "{key} missing in {rule}");
        }
        // Every listed rule can be explained.
        let name = rule["name"].as_str().unwrap();
        p.run(&["rule", name]).expect_code(0);
    }
}

/// The codes of `rules/CL*.md`, sorted.
fn rule_pages() -> Vec<String> {
    let mut codes: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let code = name.strip_suffix(".md")?;
            code.starts_with("CL").then(|| code.to_owned())
        })
        .collect();
    codes.sort();
    assert!(!codes.is_empty());
    codes
}

#[test]
fn version_prints_the_package_version() {
    let p = Project::new();
    let r = p.run(&["--version"]);
    r.expect_code(0);
    assert_eq!(
        r.stdout.trim(),
        format!("connlint {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_contains_examples() {
    let p = Project::new();
    for args in [&["--help"][..], &["check", "--help"][..]] {
        let r = p.run(args);
        r.expect_code(0);
        assert!(r.stdout.contains("Examples"), "{args:?}: {r:?}");
        assert!(r.stdout.contains("connlint rule CL101"), "{args:?}");
    }
}

#[test]
fn missing_subcommand_is_a_usage_error() {
    let p = Project::new();
    let r = p.run(&[]);
    r.expect_code(2);
    assert!(r.stderr.contains("Usage"), "{r:?}");
}

/// Issue 22's papercuts: a missing path is an error and never "All checks
/// passed!"; a directory with nothing to check says so and exits 2;
/// `--statistics`
/// prints the table, not every finding; `rules` columns line up; `--help`
/// names both languages.
#[test]
fn papercuts_of_a_first_run() {
    let p = Project::new();
    p.dir("empty").file("app/db.py", support::MANUAL);
    let missing = p.run(&["check", "PATH"]);
    missing.expect_code(2);
    assert!(!missing.stdout.contains("All checks passed"), "{missing:?}");
    assert!(missing.stdout.contains("1 path not found"), "{missing:?}");
    assert!(missing.stderr.contains("PATH"), "{missing:?}");

    let empty = p.run(&["check", "empty"]);
    empty.expect_code(2);
    assert!(
        empty
            .stderr
            .contains("no Python (`.py`) or Rust (`.rs`) files to check under empty"),
        "{empty:?}"
    );

    let stats = p.run(&["check", "--statistics", "--color", "never"]);
    stats.expect_code(1);
    assert!(!stats.stdout.contains("app/db.py"), "{stats:?}");
    assert!(stats.stdout.contains("CL101"), "{stats:?}");
    assert!(stats.stdout.contains("Found "), "{stats:?}");
    let concise = p.run(&["check", "--statistics", "--output-format", "concise"]);
    assert!(!concise.stdout.contains("app/db.py"), "{concise:?}");

    let rules = p.run(&["rules"]);
    let lines: Vec<&str> = rules.stdout.lines().collect();
    let summary_at = lines[0].find("summary").expect("a summary column");
    for l in &lines[1..] {
        // Every summary starts where the header's does.
        assert!(
            l.len() > summary_at
                && l.as_bytes()[summary_at - 1] == b' '
                && l.as_bytes()[summary_at] != b' ',
            "misaligned: {l:?}"
        );
    }
    let help = p.run(&["--help"]);
    assert!(help.stdout.contains("Python and Rust"), "{help:?}");
}

/// The README's first set-up command, as written, from the repository root:
/// the example project's six findings, with that project as its own root.
#[test]
fn readme_setup_command_runs_as_written() {
    let readme = include_str!("../README.md");
    assert!(
        readme.contains("cargo run --release -- check examples/outage "),
        "the README's set-up command changed: update this test"
    );
    let run = support::run_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "examples/outage", "--no-cache", "--color", "never"],
        None,
    );
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("Found 6 problems (3 errors, 3 warnings) in 1 of 3 files checked."),
        "{run:?}"
    );
}

/// `connlint show-settings PATH`: the configuration file that applies, the
/// project root, the rules on and off, and the catalog additions.
#[test]
fn show_settings_names_the_config_root_and_rules() {
    let p = Project::new();
    p.file(
        "svc/pyproject.toml",
        "[tool.connlint]\nignore = [\"CL201\"]\nextend-exclude = [\"migrations\"]\n\n[tool.connlint.catalog]\nacquirers = [\"app.db.get_conn\"]\n",
    )
    .file("svc/app/db.py", support::MANUAL);
    let r = p.run(&["show-settings", "svc/app/db.py"]);
    r.expect_code(0);
    assert!(r.stdout.contains("svc/pyproject.toml"), "{r:?}");
    assert!(r.stdout.contains("project root: "), "{r:?}");
    assert!(r.stdout.contains("rules on (15)"), "{r:?}");
    assert!(r.stdout.contains("rules off: CL201, CL901"), "{r:?}");
    assert!(r.stdout.contains("extend-exclude: migrations"), "{r:?}");
    assert!(
        r.stdout.contains("catalog.acquirers: app.db.get_conn"),
        "{r:?}"
    );
    // Without a configuration: the defaults, and said so.
    let q = Project::new();
    q.file("a.py", support::MANUAL);
    let d = q.run(&["show-settings"]);
    d.expect_code(0);
    assert!(d.stdout.contains("none (built-in defaults)"), "{d:?}");
    assert!(d.stdout.contains("rules off: CL901"), "{d:?}");
    q.run(&["show-settings", "missing.py"]).expect_code(2);
}

/// `connlint explain`: the project model of the README's example (its pool,
/// its getter and its context manager), and what it could not resolve.
#[test]
fn explain_lists_the_pool_getter_and_context_manager() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/outage");
    let r = support::run_in(&example, &["explain"], None);
    r.expect_code(0);
    assert!(
        r.stdout.contains(
            "pool `app.db.db_pool` (postgres) owned by module `app.db`, built with minconn=10, maxconn=100 per process"
        ),
        "{r:?}"
    );
    assert!(
        r.stdout.contains(
            "acquirer `app.db.get_db_connection`: returns a fresh connection from `app.db.db_pool`"
        ),
        "{r:?}"
    );
    assert!(
        r.stdout.contains(
            "context manager `app.db.get_db_cursor`: hands out a connection from `app.db.db_pool`"
        ),
        "{r:?}"
    );
    // And how many processes serve it, from its Procfile.
    assert!(
        r.stdout
            .contains("Procfile `web` (Procfile:1): gunicorn serving `app.main:app`, processes: 4"),
        "{r:?}"
    );
    // A project that imports a pool from a module it does not have: said so.
    let p = Project::new();
    p.file("app/__init__.py", "")
        .file("app/api.py", "from app.database.db import pool\n\n\ndef users():\n    conn = pool.getconn()\n    return conn\n");
    let q = p.run(&["explain"]);
    q.expect_code(0);
    assert!(q.stdout.contains("No pool, acquirer"), "{q:?}");
    assert!(q.stdout.contains("No deployment file says"), "{q:?}");
    assert!(q.stderr.contains("app.database.db"), "{q:?}");
}
