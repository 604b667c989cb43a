//! The Python wheel, as a user gets it: built with maturin and zig for
//! manylinux (as a release is), installed with pip into a fresh virtualenv on
//! a `PATH` with no Rust toolchain, then run as `connlint` and as
//! `python -m connlint`. And the pre-commit mirror (`pre-commit-mirror/`):
//! the real `pre-commit` installs its `language: python` hooks from that
//! wheel, offline (`PIP_NO_INDEX`, `PIP_FIND_LINKS`), compiling nothing.
//!
//! It needs python3 with venv, npm, and the PyPI and npm registries for
//! `scripts/test-tools.sh` (which `.ci/run` runs first).

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
// Timings and what each command printed go to stderr.
#![allow(clippy::print_stderr)]

#[path = "support/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use tools::{VERSION, copy_dir, git, root, run, text, tools, venv, wheel, without_rust};

#[test]
fn the_wheel_is_manylinux_and_carries_the_crate_version() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with(&format!("connlint-{VERSION}-py3-none-")),
        "{name}"
    );
    assert!(name.contains("manylinux_2_17"), "{name}");
    // auditwheel reads the binary's symbol versions: the tag must be earned.
    let out = run(Command::new(tools().bin("auditwheel"))
        .arg("show")
        .arg(wheel));
    assert!(out.status.success());
    let shown = text(&out).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        shown.contains("is consistent with the following platform tag: \"manylinux_2_17_"),
        "{shown}"
    );
}

#[test]
fn the_wheel_installs_and_runs_without_rust() {
    let wheel = wheel();
    let tmp = tempfile::tempdir().unwrap();
    let env = venv(&tmp.path().join("venv"));
    let bin = env.join("bin");
    let pip = run(without_rust(Command::new(bin.join("pip")), &bin)
        .args([
            "install",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
        ])
        .arg(wheel));
    assert!(pip.status.success(), "pip install of the wheel failed");

    // The README's example project, as a user's `app/`.
    let app = tmp.path().join("app");
    copy_dir(&root().join("examples/outage"), &app);
    let check = |program: &Path, args: &[&str]| {
        run(without_rust(Command::new(program), &bin)
            .args(args)
            .current_dir(tmp.path()))
    };

    let version = check(&bin.join("connlint"), &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("connlint {VERSION}")
    );

    // The installed binary reports what the crate's own build reports.
    let args = ["check", "app", "--output-format", "concise", "--no-cache"];
    let installed = check(&bin.join("connlint"), &args);
    let built = check(Path::new(env!("CARGO_BIN_EXE_connlint")), &args);
    assert_eq!(installed.status.code(), Some(1), "findings exit 1");
    assert_eq!(installed.stdout, built.stdout);
    let stdout = String::from_utf8_lossy(&installed.stdout);
    assert!(stdout.contains("app/app/api.py:19:14: CL201"), "{stdout}");

    // `python -m connlint` is the same program, exit code included.
    let mut python_args = vec!["-m", "connlint"];
    python_args.extend(args);
    let module = check(&bin.join("python"), &python_args);
    assert_eq!(module.status.code(), Some(1));
    assert_eq!(module.stdout, installed.stdout);

    // A clean project passes.
    std::fs::write(
        tmp.path().join("clean.py"),
        "def ping(pool):\n    with pool.connection() as conn:\n        return conn.execute('SELECT 1')\n",
    )
    .unwrap();
    let clean = check(&bin.join("connlint"), &["check", "clean.py", "--no-cache"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
}

const LEAKY: &str = r#"import psycopg2


def total(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM orders")
    return cur.fetchone()[0]
"#;

const GUARDED: &str = r#"from contextlib import closing

import psycopg2


def total(dsn):
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM orders")
        return cur.fetchone()[0]
"#;

const CANONICAL: &str = r#"import sqlite3


def names(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM users")]
    finally:
        conn.close()
"#;

/// The mirror's pin is the crate's version: one source of truth, checked.
#[test]
fn the_pre_commit_mirror_pins_this_version() {
    let pyproject =
        std::fs::read_to_string(root().join("pre-commit-mirror/pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("\"connlint=={VERSION}\"")),
        "pre-commit-mirror/pyproject.toml must pin connlint=={VERSION}"
    );
    assert!(pyproject.contains(&format!("version = \"{VERSION}\"")));
    let hooks =
        std::fs::read_to_string(root().join("pre-commit-mirror/.pre-commit-hooks.yaml")).unwrap();
    let ours = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    // The same hooks as the `language: rust` ones, but for the language.
    let entries = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.trim_start().starts_with("entry:") || l.trim_start().starts_with("- id:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(entries(&hooks), entries(&ours));
    assert_eq!(hooks.matches("language: python").count(), 2);
}

#[test]
fn pre_commit_installs_the_hooks_from_the_wheel_without_compiling() {
    let tools = tools();
    let wheel = wheel();
    let tmp = tempfile::tempdir().unwrap();

    // The mirror repository, from the template, tagged as a release is.
    let mirror = tmp.path().join("connlint-pre-commit");
    copy_dir(&root().join("pre-commit-mirror"), &mirror);
    git(&mirror, &["init", "--quiet"]);
    git(&mirror, &["add", "-A"]);
    git(&mirror, &["commit", "--quiet", "-m", "connlint hooks"]);
    git(&mirror, &["tag", &format!("v{VERSION}")]);

    // A user's repository using it.
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: v{VERSION}\n    hooks:\n      - id: connlint\n      - id: connlint-fix\n",
            mirror.display()
        ),
    )
    .unwrap();
    let home = tmp.path().join("pre-commit-home");
    let links = format!(
        "{} {}",
        wheel.parent().unwrap().display(),
        tools.wheelhouse.display()
    );
    let pre_commit = |args: &[&str]| {
        run(without_rust(
            Command::new(tools.bin("pre-commit")),
            &tools.venv.join("bin"),
        )
        .args(args)
        .args(["--color", "never"])
        .current_dir(&repo)
        .env("PRE_COMMIT_HOME", &home)
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &links)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("GIT_AUTHOR_NAME", "connlint test")
        .env("GIT_AUTHOR_EMAIL", "test@connlint.invalid")
        .env("GIT_COMMITTER_NAME", "connlint test")
        .env("GIT_COMMITTER_EMAIL", "test@connlint.invalid"))
    };
    let write = |name: &str, code: &str| {
        std::fs::write(repo.join(name), code).unwrap();
        git(&repo, &["add", name]);
    };

    // Hook install: pip from the local wheel, offline, with no cargo on PATH.
    let started = Instant::now();
    let install = pre_commit(&["install-hooks"]);
    let install_time = started.elapsed();
    assert!(install.status.success(), "pre-commit install-hooks failed");
    let installed = text(&install);
    assert!(!installed.contains("Compiling"), "{installed}");
    let binaries = find(&home, "connlint");
    assert!(
        binaries
            .iter()
            .any(|p| p.parent().is_some_and(|d| d.ends_with("bin"))),
        "no connlint binary in the hook's environment: {binaries:?}"
    );
    assert!(
        find(&home, "target").is_empty() && find(&home, "Cargo.lock").is_empty(),
        "something was built with cargo under {}",
        home.display()
    );

    // `connlint`: fails on the leak, naming it.
    write("report.py", LEAKY);
    let started = Instant::now();
    let failed = pre_commit(&["run", "connlint", "--all-files"]);
    let run_time = started.elapsed();
    let out = text(&failed);
    assert!(
        !failed.status.success(),
        "the hook passed on a leak:\n{out}"
    );
    assert!(
        out.contains("CL101") && out.contains("report.py:5:12"),
        "{out}"
    );

    // Fixed by hand: passes.
    write("report.py", GUARDED);
    let passed = pre_commit(&["run", "connlint", "--all-files"]);
    assert!(passed.status.success(), "{}", text(&passed));

    // `connlint-fix`: rewrites the canonical shape and fails (a file changed)...
    write("names.py", CANONICAL);
    let fixed = pre_commit(&["run", "connlint-fix", "--all-files"]);
    assert!(!fixed.status.success(), "{}", text(&fixed));
    let rewritten = std::fs::read_to_string(repo.join("names.py")).unwrap();
    assert!(
        rewritten.contains("with closing(sqlite3.connect(path)) as conn:"),
        "{rewritten}"
    );
    // ... then passes.
    git(&repo, &["add", "names.py"]);
    let again = pre_commit(&["run", "connlint-fix", "--all-files"]);
    assert!(again.status.success(), "{}", text(&again));

    eprintln!(
        "pre-commit from the wheel: hook install {:.1} s, hook run {:.2} s",
        install_time.as_secs_f64(),
        run_time.as_secs_f64()
    );
}

/// Every file or directory named `name` under `dir`.
fn find(dir: &Path, name: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == name {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.extend(find(&path, name));
        }
    }
    found
}
