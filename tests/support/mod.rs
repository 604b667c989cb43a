//! Helpers shared by the CLI tests, `tests/cli_*.rs`.
//!
//! CLI tests: each test builds its own temporary project, runs the real
//! `connlint` binary in it and checks exit code, stdout and stderr.
//!
//! Findings are compared through `--output-format concise` wherever the
//! format is not the point, so a test states exactly which findings it expects.
//!
//! Every `tests/cli_*.rs` is a test binary of its own and takes these helpers
//! with `mod support;`. They live in `tests/support/mod.rs`, a folder module,
//! so that cargo does not build them as a test target.

// Each test binary compiles its own copy of this module and uses only part of
// it; what one binary leaves unused is used by another, so it is not dead.
#![allow(dead_code)]
// Test helpers: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before the test fails as a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A temporary project directory, deleted when dropped.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::Builder::new()
            .prefix("connlint-cli-")
            .tempdir()
            .unwrap();
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes `rel` (creating parent directories) and returns the project.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Project {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        self
    }

    pub fn dir(&self, rel: &str) -> &Project {
        std::fs::create_dir_all(self.path(rel)).unwrap();
        self
    }

    /// Runs `connlint ARGS` in the project root.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args, None)
    }

    /// Runs `connlint ARGS` in the project root with `stdin` piped in.
    pub fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        run_in(self.root(), args, Some(stdin))
    }
}

/// The outcome of one run.
pub struct Run {
    pub code: i32,
    pub stdout_bytes: Vec<u8>,
    pub stderr_bytes: Vec<u8>,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    /// `path:line:col CODE` of every finding in concise output, in order.
    pub fn findings(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|l| {
                let (loc, rest) = l.split_once(": ")?;
                let code = rest.split(' ').next()?;
                Some(format!("{loc} {code}"))
            })
            .collect()
    }

    /// Panics with the whole run when `code` is not the exit code.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code; run: {self:?}");
        self
    }
}

pub fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_with_env(cwd, args, stdin, &[])
}

pub fn run_with_env(cwd: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let writer = stdin.map(|bytes| {
        let bytes = bytes.to_vec();
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            // The binary may exit before reading everything (a usage error).
            let _ = pipe.write_all(&bytes);
        })
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).unwrap();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).unwrap();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("connlint {args:?} did not finish within {TIMEOUT:?} (hang?)");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if let Some(w) = writer {
        w.join().unwrap();
    }
    let stdout_bytes = out_reader.join().unwrap();
    let stderr_bytes = err_reader.join().unwrap();
    Run {
        code: status.code().expect("connlint was killed by a signal"),
        stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
        stderr: String::from_utf8_lossy(&stderr_bytes).into_owned(),
        stdout_bytes,
        stderr_bytes,
    }
}

/// A script that takes a connection by hand: CL101 at 3:8, nothing else.
pub const MANUAL: &str = "\
import psycopg2

conn = psycopg2.connect(\"dbname=app\")
conn.close()
";

/// A file with no findings.
pub const CLEAN: &str = "\
from contextlib import closing

import psycopg2


def count_users(dsn):
    with closing(psycopg2.connect(dsn)) as conn:
        with conn.cursor() as cur:
            cur.execute(\"SELECT count(*) FROM users\")
            return cur.fetchone()[0]
";

/// `app/db.py` that builds the project's pool and hands out its connections.
pub const POOL_MODULE: &str = "\
import psycopg2
import psycopg2.pool

DSN = \"dbname=app\"
pool = psycopg2.pool.ThreadedConnectionPool(1, 10, DSN)


def get_db_connection():
    return pool.getconn()
";

/// A module that bypasses the pool of `app/db.py`: CL101 and CL201 at 7:12.
pub const BYPASS: &str = "\
import psycopg2

from app.db import DSN


def export():
    conn = psycopg2.connect(DSN)
    try:
        conn.cursor().execute(\"SELECT 1\")
    finally:
        conn.close()
";

/// A project whose `app/db.py` owns a pool and whose `app/report.py` bypasses it.
pub fn pool_project() -> Project {
    let p = Project::new();
    p.file("app/__init__.py", "")
        .file("app/db.py", POOL_MODULE)
        .file("app/report.py", BYPASS);
    p
}

/// Asserts `path` is named in exactly one stderr line, and that line contains `what`.
#[track_caller]
pub fn assert_one_message(stderr: &str, path: &str, what: &str) {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(&format!(" {path}: ")))
        .collect();
    assert_eq!(lines.len(), 1, "one message for {path} in:\n{stderr}");
    assert!(
        lines[0].starts_with("error: ") || lines[0].starts_with("warning: "),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(what), "{:?} lacks {what:?}", lines[0]);
}
