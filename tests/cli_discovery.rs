//! CLI tests: which files a run checks. Default excludes, `--exclude`,
//! `--extend-exclude` and their config keys, `.gitignore`, files and
//! directories named on the command line, `--force-exclude`, non-Python
//! files, symlinks and missing paths.

mod support;

use support::{MANUAL, Project};

#[test]
fn default_excludes_skip_virtualenvs_and_caches() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    for dir in [
        "venv/lib/python3.12",
        ".venv/lib",
        "node_modules/pkg",
        "__pycache__",
        ".tox/py312",
        "build/lib",
        "dist",
        "lib/site-packages/psycopg2",
    ] {
        p.file(&format!("{dir}/vendored.py"), MANUAL);
    }
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
}

#[test]
fn exclude_flag_replaces_the_default_excludes() {
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("legacy/old.py", MANUAL)
        .file("venv/lib/vendored.py", MANUAL);
    let r = p.run(&["check", "--exclude", "legacy", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["app.py:3:8 CL101", "venv/lib/vendored.py:3:8 CL101"]
    );
}

#[test]
fn extend_exclude_flag_adds_to_the_default_excludes() {
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("legacy/old.py", MANUAL)
        .file("migrations/0001.py", MANUAL)
        .file("venv/lib/vendored.py", MANUAL);
    let r = p.run(&[
        "check",
        "--extend-exclude",
        "legacy,migrations/*.py",
        "--output-format",
        "concise",
    ]);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
}

#[test]
fn exclude_and_extend_exclude_keys_in_config() {
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("legacy/old.py", MANUAL)
        .file("generated/models.py", MANUAL)
        .file("venv/lib/vendored.py", MANUAL);
    p.file("connlint.toml", "extend-exclude = [\"legacy\"]\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["app.py:3:8 CL101", "generated/models.py:3:8 CL101"]
    );
    p.file("connlint.toml", "exclude = [\"generated\"]\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        [
            "app.py:3:8 CL101",
            "legacy/old.py:3:8 CL101",
            "venv/lib/vendored.py:3:8 CL101"
        ]
    );
}

#[test]
fn gitignore_is_honoured_outside_a_git_repository() {
    let p = Project::new();
    assert!(
        !p.root().ancestors().any(|d| d.join(".git").exists()),
        "the temp dir must not be inside a git repository for this test to mean anything"
    );
    p.file(".gitignore", "generated/\nscratch.py\n")
        .file("app.py", MANUAL)
        .file("generated/models.py", MANUAL)
        .file("scratch.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
}

#[test]
fn explicitly_named_excluded_files_are_still_checked() {
    let p = Project::new();
    p.file(".gitignore", "scratch.py\n")
        .file("scratch.py", MANUAL)
        .file("venv/lib/vendored.py", MANUAL)
        .file("legacy/old.py", MANUAL);
    let r = p.run(&[
        "check",
        "--extend-exclude",
        "legacy",
        "scratch.py",
        "venv/lib/vendored.py",
        "legacy/old.py",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "legacy/old.py:3:8 CL101",
            "scratch.py:3:8 CL101",
            "venv/lib/vendored.py:3:8 CL101"
        ]
    );
}

#[test]

fn explicitly_named_excluded_directory_is_walked() {
    // src/settings.rs DEFAULT_EXCLUDES: "Directories never walked into unless named on the command line."
    let p = Project::new();
    p.file("venv/lib/vendored.py", MANUAL);
    let r = p.run(&["check", "venv", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["venv/lib/vendored.py:3:8 CL101"]);
}

#[test]
fn non_python_files_are_skipped_when_walking_and_warned_when_named() {
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("notes.txt", MANUAL)
        .file("stub.pyi", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_eq!(r.stderr, "");
    let r = p.run(&["check", "notes.txt", "app.py", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert!(r.stderr.contains("warning: notes.txt:"), "{r:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_and_the_run_finishes() {
    let p = Project::new();
    p.file("app/job.py", MANUAL);
    std::os::unix::fs::symlink("..", p.path("app/loop")).unwrap();
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app/job.py:3:8 CL101"]);
    assert!(r.stderr.contains("app/loop"), "{r:?}");
    assert!(r.stderr.contains("symlink loop"), "{r:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let outside = Project::new();
    outside.file("lib/other.py", MANUAL);
    let p = Project::new();
    p.file("app/job.py", MANUAL);
    std::os::unix::fs::symlink(outside.path("lib"), p.path("vendor")).unwrap();
    std::os::unix::fs::symlink(outside.path("lib/other.py"), p.path("app/linked.py")).unwrap();
    // A link that stays inside the root is followed.
    std::os::unix::fs::symlink("job.py", p.path("app/alias.py")).unwrap();
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        ["app/alias.py:3:8 CL101", "app/job.py:3:8 CL101"]
    );
    assert!(!r.stdout.contains("other.py"), "{r:?}");
}

#[test]
fn missing_path_is_named_and_other_paths_are_still_reported() {
    let p = Project::new();
    p.file("app/job.py", MANUAL);
    let r = p.run(&[
        "check",
        "does/not/exist.py",
        "app",
        "--output-format",
        "concise",
    ]);
    r.expect_code(2);
    assert_eq!(r.findings(), ["app/job.py:3:8 CL101"]);
    assert!(
        r.stderr
            .contains("error: does/not/exist.py: no such file or directory"),
        "{r:?}"
    );
}

#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let p = Project::new();
    p.file("connlint.toml", "extend-exclude = [\"migrations\"]\n")
        .file("migrations/0001_seed.py", MANUAL)
        .file("app.py", MANUAL);
    // Named files are checked even when excluded...
    let r = p.run(&[
        "check",
        "--output-format",
        "concise",
        "migrations/0001_seed.py",
        "app.py",
    ]);
    assert_eq!(r.findings().len(), 2, "{r:?}");
    // ... unless --force-exclude, as pre-commit passes them.
    let r = p.run(&[
        "check",
        "--output-format",
        "concise",
        "--force-exclude",
        "migrations/0001_seed.py",
        "app.py",
    ]);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
}

#[test]
fn an_unresolvable_project_import_of_a_pool_is_said_once() {
    // `app/database/db.py` is missing (say, generated at deploy time): the
    // importers take connections nobody can follow. The run says so at the
    // first importer, once per missing module, and stays quiet about modules
    // that exist and about libraries.
    let p = Project::new();
    p.file("app/__init__.py", "");
    p.file("app/models.py", "class User:\n    pass\n");
    let importer = "\
import psycopg2.extras
from app.database.db import pool
from app.models import User


def list_users():
    conn = pool.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute(\"SELECT * FROM users\")
            return [User() for _ in cur.fetchall()]
    finally:
        pool.putconn(conn)
";
    p.file("app/routes/users.py", importer);
    p.file("app/routes/orders.py", importer.replace("users", "orders"));
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(0);
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("looks like"))
        .collect();
    assert_eq!(notes.len(), 1, "{r:?}");
    assert!(
        notes[0].starts_with("warning: app/routes/orders.py: line 2: `app.database.db.pool`")
            && notes[0].contains("no module `app.database.db`"),
        "{notes:?}"
    );

    // With the module present, nothing to say, and the pool is followed:
    // `getconn` by hand is CL101 in both importers.
    p.file(
        "app/database/db.py",
        "from psycopg2.pool import ThreadedConnectionPool\n\npool = ThreadedConnectionPool(1, 10, dsn=\"\")\n",
    );
    p.file("app/database/__init__.py", "");
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert!(!r.stderr.contains("looks like"), "{r:?}");
    assert_eq!(r.findings().len(), 2, "{r:?}");
}

#[test]
fn a_project_without_markers_named_from_its_parent_is_its_own_root() {
    // `connlint check shop` from a directory holding several projects, none
    // with a `.git`, `pyproject.toml` or `connlint.toml`: the root is `shop`
    // (the directory named, no package): its cache goes there and only it is
    // read for summaries. With the working directory as the root, every
    // sibling project was read too (a minute for `/tmp/apps/x` run from
    // `/tmp`, where copies of the drivers' own sources shadowed the catalog
    // and the run reported nothing).
    let p = Project::new();
    p.file("shop/app/__init__.py", "")
        .file(
            "shop/app/db.py",
            "from psycopg2.pool import ThreadedConnectionPool\n\npool = ThreadedConnectionPool(1, 10, dsn=\"dbname=shop\")\n\n\ndef get_conn():\n    return pool.getconn()\n",
        )
        .file(
            "shop/app/views.py",
            "from app.db import get_conn\n\n\ndef orders():\n    conn = get_conn()\n    cur = conn.cursor()\n    cur.execute(\"SELECT 1\")\n    return cur.fetchall()\n",
        )
        .file("blog/app/__init__.py", "")
        .file("blog/app/db.py", "def get_conn():\n    return None\n");
    let r = p.run(&["check", "shop", "--output-format", "concise"]);
    r.expect_code(1);
    // The root, where the cache lives: the project, not the directory above it.
    assert!(p.path("shop/.connlint_cache").is_dir());
    assert!(!p.path(".connlint_cache").exists());
    assert!(
        r.findings()
            .iter()
            .any(|f| f.starts_with("shop/app/views.py:5:12 CL101")),
        "{:?}",
        r.findings()
    );
    // Named as a package directory inside a project, the root stays above the package.
    let r = p.run(&[
        "check",
        "shop/app",
        "--output-format",
        "concise",
        "--no-cache",
    ]);
    assert!(
        r.findings()
            .iter()
            .any(|f| f.starts_with("shop/app/views.py:5:12 CL101")),
        "{:?}",
        r.findings()
    );
}
