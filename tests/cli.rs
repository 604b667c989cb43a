//! CLI tests: each test builds its own temporary project, runs the real
//! `connlint` binary in it and checks exit code, stdout and stderr.
//!
//! Findings are compared through `--output-format concise` wherever the
//! format is not the point, so a test states exactly which findings it expects.

// Test helpers: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

mod support {
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

    pub fn run_with_env(
        cwd: &Path,
        args: &[&str],
        stdin: Option<&[u8]>,
        env: &[(&str, &str)],
    ) -> Run {
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
}

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use support::{BYPASS, CLEAN, MANUAL, POOL_MODULE, Project, pool_project};

// ---------------------------------------------------------------- exit codes

#[test]
fn clean_project_exits_0_with_all_checks_passed() {
    let p = Project::new();
    p.file("app.py", CLEAN);
    let r = p.run(&["check"]);
    r.expect_code(0);
    assert!(r.stdout.contains("All checks passed!"), "{r:?}");
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
    assert_eq!(r.stderr, "");
}

#[test]
fn findings_exit_1() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["script.py:3:8 CL101"]);
}

#[test]
fn no_paths_checks_the_working_directory() {
    let p = Project::new();
    p.file("a/b/script.py", MANUAL).file("c.py", CLEAN);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["a/b/script.py:3:8 CL101"]);
}

#[test]
fn exit_zero_turns_findings_into_success() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--exit-zero", "--output-format", "concise"]);
    r.expect_code(0);
    assert_eq!(r.findings(), ["script.py:3:8 CL101"]);
}

#[test]
fn exit_zero_does_not_hide_a_missing_path() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--exit-zero", "script.py", "gone.py"]);
    r.expect_code(2);
    assert!(r.stderr.contains("gone.py"), "{r:?}");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--no-such-flag"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--no-such-flag"), "{r:?}");
    assert_eq!(r.stdout, "");
}

#[test]
fn invalid_output_format_is_a_usage_error() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "xml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("xml"), "{r:?}");
}

#[test]
fn nothing_readable_exits_2() {
    let p = Project::new();
    p.file("blob.py", b"import os\x00\x01\x02\n");
    let r = p.run(&["check", "blob.py"]);
    r.expect_code(2);
    assert!(r.stderr.contains("blob.py"), "{r:?}");
}

// ------------------------------------------------------------ rule selection

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

// -------------------------------------------------------------- configuration

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
    p.file("connlint.toml", "ignore = [\"CL9\"]\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
    assert!(r.stderr.contains("`CL9`"), "{r:?}");
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

// ------------------------------------------------------------------ discovery

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

#[test]
fn deeply_nested_functions_and_long_conditions_do_not_crash() {
    // 200 nested `if`s: past the leak analysis's depth limit, so that function
    // is skipped by CL102/CL103 with an `analysis-limit` finding that says so
    // (CL101 still reports it); a 2,000-term `and`
    // chain and 5,000 `not`s are refined only to a bounded depth. The function
    // after them is still analysed.
    let mut src =
        String::from("import psycopg2\n\n\ndef deep(q):\n    conn = psycopg2.connect(q)\n");
    let mut indent = String::from("    ");
    for _ in 0..200 {
        src.push_str(&indent);
        src.push_str("if q:\n");
        indent.push(' ');
    }
    src.push_str(&indent);
    src.push_str("q = 1\n    conn.close()\n\n\n");
    src.push_str("def chain(q):\n    conn = psycopg2.connect(q)\n    if ");
    src.push_str(&vec!["conn"; 2000].join(" and "));
    src.push_str(":\n        conn.close()\n    return None\n\n\n");
    src.push_str("def nots(q):\n    conn = psycopg2.connect(q)\n    if ");
    src.push_str(&"not ".repeat(5000));
    src.push_str("conn:\n        return None\n    conn.close()\n\n\n");
    src.push_str("def after(q):\n    conn = psycopg2.connect(q)\n    conn.cursor().execute(q)\n    conn.close()\n");
    let p = Project::new();
    p.file("deep.py", &src);
    let r = p.run(&[
        "check",
        "--select",
        "CL102,CL103",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    let findings = r.findings();
    let line_of = |needle: &str| src.lines().position(|l| l.starts_with(needle)).unwrap() + 2;
    // `nots`: an even number of `not`s is `if conn: return` with it open.
    assert!(
        findings.contains(&format!("deep.py:{}:12 CL103", line_of("def nots"))),
        "{r:?}"
    );
    // `after` is analysed as usual.
    assert!(
        findings.contains(&format!("deep.py:{}:12 CL102", line_of("def after"))),
        "{r:?}"
    );
    // `deep` is past the depth limit: said at its name, and no path finding for it.
    assert!(
        findings.contains(&format!(
            "deep.py:{}:5 analysis-limit",
            line_of("def deep") - 1
        )),
        "{r:?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.starts_with(&format!("deep.py:{}:", line_of("def deep")))),
        "{r:?}"
    );
}

#[test]
fn a_function_with_5000_acquisitions_is_analysed_in_bounded_time() {
    // Each acquisition's path analysis visits the whole function: past a work
    // budget the rest are not followed by CL102/CL103 (CL101 reports every
    // one), so the run stays far inside the harness's 60 s hang limit (it was
    // quadratic: 1,000 such blocks took 40 s in a release build).
    let mut src = String::from(
        "import psycopg2\n\n\ndef many(dsn):\n    c0 = psycopg2.connect(dsn)\n    c0.cursor().execute('select 0')\n",
    );
    for i in 1..5000 {
        writeln!(
            src,
            "    c{i} = psycopg2.connect(dsn)\n    try:\n        c{i}.cursor().execute('select 1')\n    finally:\n        c{i}.close()"
        )
        .unwrap();
    }
    src.push_str("\n\ndef after(dsn):\n    conn = psycopg2.connect(dsn)\n    conn.cursor().execute('select 1')\n    conn.close()\n");
    let p = Project::new();
    p.file("generated.py", &src);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    let findings = r.findings();
    let count = |code: &str| findings.iter().filter(|f| f.ends_with(code)).count();
    assert_eq!(count("CL101"), 5001, "{r:?}");
    // The first one leaks, and is within the budget.
    assert!(
        findings.contains(&"generated.py:5:10 CL103".to_owned()),
        "{findings:?}"
    );
    // Past the budget: said once, at the function's name.
    assert_eq!(count("analysis-limit"), 1, "{r:?}");
    assert!(r.stdout.contains(
        "generated.py:4:5: analysis-limit `many` is too large to analyse: following all its connections would take too long"
    ), "{r:?}");
    // The function after it is analysed as usual.
    let after = src
        .lines()
        .position(|l| l.starts_with("def after"))
        .unwrap()
        + 2;
    assert!(
        findings.contains(&format!("generated.py:{after}:12 CL102")),
        "{findings:?}"
    );
}

#[test]
fn ten_thousand_nested_parentheses_a_ten_megabyte_line_and_mixed_line_ends() {
    const LEAK: &str = "def f(d):\n    conn = psycopg2.connect(d)\n    conn.cursor()\n";
    let parens = format!(
        "import psycopg2\nx = {}1{}\n\n{LEAK}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let long_line = format!("import psycopg2\nx = '{}'\n{LEAK}", "a".repeat(10_000_000));
    let p = Project::new();
    p.file("parens.py", &parens)
        .file("long_line.py", &long_line)
        // `\r\n`, a lone `\r` and `\n` in one file: a lone `\r` ends a line too.
        .file(
            "eols.py",
            "import psycopg2\r\ndef f(d):\r    conn = psycopg2.connect(d)\n    conn.cursor()\r\n",
        )
        .file("nul.py", b"import psycopg2\n# \x00\x00\n")
        .file("ok.py", format!("import psycopg2\n{LEAK}"));
    let r = p.run(&[
        "check",
        "--select",
        "CL103",
        "--output-format",
        "concise",
        "--no-cache",
    ]);
    r.expect_code(1);
    let mut findings = r.findings();
    findings.sort();
    assert_eq!(
        findings,
        [
            "eols.py:3:12 CL103",
            "long_line.py:4:12 CL103",
            "ok.py:3:12 CL103",
            "parens.py:5:12 CL103",
        ],
        "{r:?}"
    );
    // NUL bytes: one message naming the file, and the rest is analysed.
    assert!(r.stderr.contains("nul.py: binary file (NUL byte"), "{r:?}");
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

// -------------------------------------------------------------- file problems

/// Asserts `path` is named in exactly one stderr line, and that line contains `what`.
#[track_caller]
fn assert_one_message(stderr: &str, path: &str, what: &str) {
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

#[test]
fn syntax_error_is_a_finding_and_the_rest_of_the_file_is_analysed() {
    let p = Project::new();
    p.file(
        "broken.py",
        "\
import psycopg2


def broken(:
    pass


def later():
    conn = psycopg2.connect(\"dbname=app\")
    conn.close()
",
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    let findings = r.findings();
    assert_eq!(findings.len(), 2, "{r:?}");
    assert!(
        findings[0].starts_with("broken.py:4:") && findings[0].ends_with(" syntax-error"),
        "{findings:?}"
    );
    assert_eq!(findings[1], "broken.py:9:12 CL101");
}

#[test]
fn syntax_error_is_reported_in_json_with_its_location() {
    let p = Project::new();
    // Only files that mention a database API are parsed (README, "Only files
    // that can matter are parsed"), so this one does.
    p.file(
        "broken.py",
        "import psycopg2\n\nconn = psycopg2.connect(\"dbname=app\"\nconn.close()\n",
    );
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty(), "{v:#}");
    assert_eq!(items[0]["code"], "syntax-error");
    assert_eq!(items[0]["path"], "broken.py");
    assert_eq!(items[0]["severity"], "error");
    assert!(items[0]["start"]["line"].as_u64().unwrap() >= 3, "{v:#}");
}

#[test]
fn non_utf8_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    p.file("latin1.py", b"# caf\xe9\nx = 1\n")
        .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "latin1.py", "not valid UTF-8");
}

#[test]
fn invalid_utf8_inside_a_string_in_the_middle_of_a_file_names_its_line() {
    let p = Project::new();
    let mut bytes = MANUAL.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n\nGREETING = \"caf\xe9 au lait\"\n\n");
    bytes.extend_from_slice(MANUAL.as_bytes());
    p.file("mixed.py", &bytes).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    let line = MANUAL.lines().count() + 3;
    assert_one_message(
        &r.stderr,
        "mixed.py",
        &format!("not valid UTF-8 (invalid byte at line {line}"),
    );
}

#[test]
fn binary_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    p.file("blob.py", b"\x7fELF\x02\x01\x01\x00\x00\x00")
        .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "blob.py", "binary");
}

#[test]
fn utf16_file_gets_one_message_and_the_run_goes_on() {
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "import os\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let p = Project::new();
    p.file("wide.py", utf16).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "wide.py", "UTF-16");
}

#[test]
fn empty_file_is_checked_without_complaint() {
    let p = Project::new();
    p.file("empty.py", "");
    let r = p.run(&["check", "empty.py"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
}

#[test]
fn utf8_bom_file_is_checked_with_correct_columns() {
    let p = Project::new();
    p.file("bom.py", format!("\u{feff}{MANUAL}"));
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["bom.py:3:8 CL101"]);
}

#[cfg(unix)]
#[test]
fn unreadable_file_gets_one_message_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    p.file("secret.py", MANUAL).file("app.py", MANUAL);
    std::fs::set_permissions(p.path("secret.py"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read(p.path("secret.py")).is_ok();
    let r = p.run(&["check", "--output-format", "concise"]);
    if privileged {
        // Running as root (or with CAP_DAC_OVERRIDE): mode 000 does not block
        // reads, so the file is simply checked; the permission message cannot
        // be provoked here.
        r.expect_code(1);
        assert_eq!(r.findings(), ["app.py:3:8 CL101", "secret.py:3:8 CL101"]);
    } else {
        r.expect_code(1);
        assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
        assert_one_message(&r.stderr, "secret.py", "permission denied");
    }
    // Let the temp dir be removed.
    std::fs::set_permissions(p.path("secret.py"), std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn too_large_file_gets_one_message_and_the_run_goes_on() {
    let p = Project::new();
    let big = format!("{MANUAL}{}", "x = 1\n".repeat(100));
    p.file("big.py", &big).file("app.py", MANUAL);
    let r = p.run(&[
        "check",
        "--max-file-size",
        "200",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "big.py", "larger than the limit of 200 bytes");
}

#[test]
fn max_file_size_is_inclusive_and_settable_in_config() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    let size = MANUAL.len().to_string();
    let r = p.run(&[
        "check",
        "--max-file-size",
        &size,
        "--output-format",
        "concise",
    ]);
    assert_eq!(
        r.findings(),
        ["app.py:3:8 CL101"],
        "a file of exactly the limit is checked"
    );
    assert_eq!(r.stderr, "");

    p.file(
        "connlint.toml",
        format!("max-file-size = {}\n", MANUAL.len() - 1),
    );
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(2);
    assert_eq!(r.findings(), Vec::<String>::new());
    assert_one_message(&r.stderr, "app.py", "larger than the limit");
}

#[test]
fn directory_named_like_a_python_file_is_walked_not_read() {
    let p = Project::new();
    p.file("pkg.py/inner.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["pkg.py/inner.py:3:8 CL101"]);
    assert_eq!(r.stderr, "");
    let r = p.run(&["check", "pkg.py", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["pkg.py/inner.py:3:8 CL101"]);
}

#[cfg(unix)]
fn mkfifo(p: &Project, rel: &str) {
    let status = std::process::Command::new("mkfifo")
        .arg(p.path(rel))
        .status()
        .expect("running mkfifo");
    assert!(status.success(), "mkfifo failed");
}

#[cfg(unix)]
#[test]
fn fifo_in_a_walked_directory_does_not_hang() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    mkfifo(&p, "pipe.py");
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "pipe.py", "not a regular file");
}

#[cfg(unix)]
#[test]
fn fifo_named_on_the_command_line_is_reported_not_read() {
    let p = Project::new();
    p.file("app.py", MANUAL);
    mkfifo(&p, "pipe.py");
    let r = p.run(&["check", "pipe.py", "app.py", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"]);
    assert_one_message(&r.stderr, "pipe.py", "not a regular file");
}

// --------------------------------------------------------------- suppressions

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

// --------------------------------------------------------------------- stdin

const USES_ACQUIRER: &str = "\
from app.db import get_db_connection


def handler():
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute(\"SELECT 1\")
    conn.close()
";

#[test]
fn stdin_is_reported_under_its_name_with_the_project_around_it() {
    let p = pool_project();
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/api.py",
            "--output-format",
            "concise",
        ],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(1);
    // `get_db_connection` is an acquirer only because app/db.py on disk says so;
    // app/report.py's own findings are not reported: only stdin is a target.
    // Pooled (CL104 at the `close()`), released only at the end (CL102).
    assert_eq!(
        r.findings(),
        [
            "app/api.py:5:12 CL101",
            "app/api.py:5:12 CL102",
            "app/api.py:8:5 CL104"
        ]
    );
}

#[test]
fn stdin_without_the_project_does_not_know_the_acquirer() {
    // The control for the test above: the finding comes from the project's summaries.
    let p = Project::new();
    let r = p.run_stdin(
        &["check", "--stdin-filename", "app/api.py"],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(0);
    assert!(r.stdout.contains("(1 file checked)"), "{r:?}");
}

#[test]
fn stdin_replaces_the_file_of_the_same_name_on_disk() {
    let p = pool_project();
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/report.py",
            "--output-format",
            "concise",
        ],
        USES_ACQUIRER.as_bytes(),
    );
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app/report.py:5:12 CL101",
            "app/report.py:5:12 CL102",
            "app/report.py:8:5 CL104"
        ]
    );
}

#[test]
fn stdin_honours_per_file_ignores_for_its_name() {
    let p = Project::new();
    p.file(
        "connlint.toml",
        "[per-file-ignores]\n\"scripts/*\" = [\"CL101\"]\n",
    );
    let r = p.run_stdin(
        &["check", "--stdin-filename", "scripts/x.py"],
        MANUAL.as_bytes(),
    );
    r.expect_code(0);
    let r = p.run_stdin(
        &[
            "check",
            "--stdin-filename",
            "app/x.py",
            "--output-format",
            "concise",
        ],
        MANUAL.as_bytes(),
    );
    assert_eq!(r.findings(), ["app/x.py:3:8 CL101"]);
}

#[test]
fn stdin_with_paths_is_a_usage_error() {
    let p = pool_project();
    let r = p.run_stdin(
        &["check", "--stdin-filename", "x.py", "app"],
        MANUAL.as_bytes(),
    );
    r.expect_code(2);
    assert!(r.stderr.contains("--stdin-filename"), "{r:?}");
}

#[test]
fn stdin_that_is_not_utf8_is_an_error_naming_it() {
    let p = Project::new();
    let r = p.run_stdin(&["check", "--stdin-filename", "app/x.py"], b"x = '\xff'\n");
    r.expect_code(2);
    assert!(r.stderr.contains("app/x.py"), "{r:?}");
    assert!(r.stderr.contains("UTF-8"), "{r:?}");
}

// -------------------------------------------------------------------- output

#[test]
fn human_output_shows_code_location_and_summary() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "human"]);
    r.expect_code(1);
    assert!(r.stdout.contains("warning[CL101]"), "{r:?}");
    assert!(r.stdout.contains("warning[CL201]"), "{r:?}");
    assert!(r.stdout.contains("app/report.py:7:12"), "{r:?}");
    assert!(r.stdout.contains("psycopg2.connect(DSN)"), "{r:?}");
    // The summary, then (when fixes exist) how many `--fix` would apply.
    let tail: Vec<&str> = r.stdout.lines().rev().take(2).collect();
    assert!(
        tail.iter().any(|l| l.starts_with("Found 2 problems")),
        "{r:?}"
    );
    assert!(
        r.stdout.lines().last().is_some_and(
            |l| l.starts_with("Found 2 problems") || l.contains("fixable with `--fix`")
        ),
        "{r:?}"
    );
}

#[test]
fn json_output_is_an_array_of_findings() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64)> = items
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap(),
                i["path"].as_str().unwrap(),
                i["start"]["line"].as_u64().unwrap(),
                i["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CL101", "app/report.py", 7, 12),
            ("CL201", "app/report.py", 7, 12)
        ]
    );
    assert_eq!(items[0]["name"], "manual-connection");
}

#[test]
fn json_output_for_no_findings_is_an_empty_array() {
    let p = Project::new();
    p.file("app.py", CLEAN);
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_results() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "sarif"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "connlint");
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CL101", "CL201"]);
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app/report.py");
    assert_eq!(loc["region"]["startLine"], 7);
}

#[test]
fn github_output_is_workflow_annotations() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "github"]);
    r.expect_code(1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{r:?}");
    assert!(
        lines[0]
            .starts_with("::warning title=CL101 manual-connection,file=script.py,line=3,col=8,"),
        "{}",
        lines[0]
    );
}

#[test]
fn output_file_receives_the_report_and_stdout_stays_empty() {
    let p = pool_project();
    let r = p.run(&[
        "check",
        "--output-format",
        "json",
        "--output-file",
        "out/report.json",
    ]);
    // The directory does not exist: an error naming the file, exit 2.
    r.expect_code(2);
    assert!(r.stderr.contains("out/report.json"), "{r:?}");

    p.dir("out");
    let r = p.run(&[
        "check",
        "--output-format",
        "json",
        "--output-file",
        "out/report.json",
    ]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(p.path("out/report.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{v:#}");
    let leftovers: Vec<_> = std::fs::read_dir(p.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["report.json"], "no temporary file left behind");
}

#[test]
fn output_file_in_human_format_has_the_findings_and_summary() {
    let p = pool_project();
    let r = p.run(&["check", "-o", "report.txt"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(p.path("report.txt")).unwrap();
    assert!(written.contains("warning[CL101]"), "{written}");
    assert!(written.contains("Found 2 problems"), "{written}");
    assert!(
        !written.contains('\x1b'),
        "no colour in a file: {written:?}"
    );
}

#[test]
fn quiet_drops_the_summary_line() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let loud = p.run(&["check"]);
    assert!(loud.stdout.contains("Found 1 problem"), "{loud:?}");
    let r = p.run(&["check", "--quiet"]);
    r.expect_code(1);
    assert!(r.stdout.contains("warning[CL101]"), "{r:?}");
    assert!(!r.stdout.contains("Found"), "{r:?}");

    p.file("script.py", CLEAN);
    let r = p.run(&["check", "-q"]);
    r.expect_code(0);
    assert_eq!(r.stdout, "");
}

#[test]
fn statistics_prints_a_count_per_rule() {
    let p = pool_project();
    // report.py: CL101 + CL201; job.py: CL101 + CL201; guarded.py: CL201 only.
    p.file("scripts/job.py", MANUAL)
        .file("app/guarded.py", CLEAN);
    let r = p.run(&["check", "--statistics", "--quiet"]);
    r.expect_code(1);
    // With --quiet the table is the last thing printed, most frequent first.
    let lines: Vec<&str> = r.stdout.lines().collect();
    let rows: Vec<Vec<&str>> = lines[lines.len() - 2..]
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["3", "CL201", "pool-bypass"],
            vec!["2", "CL101", "manual-connection"]
        ],
        "{r:?}"
    );
    let plain = p.run(&["check", "--quiet"]);
    assert!(!plain.stdout.contains("  CL201 "), "{plain:?}");
}

#[test]
fn statistics_works_with_concise_output() {
    let p = Project::new();
    p.file("a.py", MANUAL).file("b.py", MANUAL);
    let r = p.run(&["check", "--statistics", "--output-format", "concise"]);
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(
        last.split_whitespace().collect::<Vec<_>>(),
        ["2", "CL101", "manual-connection"]
    );
}

#[test]
fn color_always_emits_ansi_escapes_on_stdout_and_stderr() {
    let p = Project::new();
    p.file("script.py", MANUAL).file("blob.py", b"\x00");
    let r = p.run(&["check", "--color", "always"]);
    r.expect_code(1);
    assert!(r.stdout.contains("\x1b["), "{r:?}");
    assert!(r.stderr.contains("\x1b["), "{r:?}");
}

#[test]
fn color_never_and_piped_auto_emit_no_escapes() {
    let p = Project::new();
    p.file("script.py", MANUAL).file("blob.py", b"\x00");
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--color", "auto"][..],
        &["check"][..],
    ] {
        let r = p.run(args);
        r.expect_code(1);
        assert!(r.stdout.contains("warning[CL101]"), "{args:?}: {r:?}");
        assert!(!r.stdout.contains('\x1b'), "{args:?}: {r:?}");
        assert!(r.stderr.contains("blob.py"), "{args:?}: {r:?}");
        assert!(!r.stderr.contains('\x1b'), "{args:?}: {r:?}");
    }
}

#[test]
fn jobs_1_and_jobs_2_give_byte_identical_output() {
    let p = pool_project();
    for i in 0..24 {
        p.file(&format!("app/m{i:02}.py"), BYPASS);
        p.file(&format!("scripts/s{i:02}.py"), MANUAL);
    }
    p.file("scripts/broken.py", "def f(:\n")
        .file("scripts/blob.py", b"\x00\x01")
        .file("scripts/latin.py", b"# \xe9\n");
    for format in ["human", "json", "sarif"] {
        let one = p.run(&[
            "check",
            "--jobs",
            "1",
            "--statistics",
            "--output-format",
            format,
        ]);
        let two = p.run(&[
            "check",
            "-j",
            "2",
            "--statistics",
            "--output-format",
            format,
        ]);
        one.expect_code(1);
        assert!(one.stdout.contains("scripts/s23.py"), "{format}");
        assert!(
            one.stdout_bytes == two.stdout_bytes,
            "{format} stdout differs"
        );
        assert!(
            one.stderr_bytes == two.stderr_bytes,
            "{format} stderr differs"
        );
    }
}

/// The whole fixture tree (Python and Rust, many projects, syntax errors,
/// fixes) gives the same bytes with 1, 2 and 8 threads, run after run.
/// `scripts/determinism.sh` does the same 50 times over, on real code too.
#[test]
fn the_fixture_tree_gives_the_same_bytes_with_1_2_and_8_threads() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut first: Option<support::Run> = None;
    for round in 0..2 {
        for jobs in ["1", "2", "8"] {
            let run = support::run_in(
                &fixtures,
                &[
                    "check",
                    "--no-cache",
                    "--jobs",
                    jobs,
                    "--statistics",
                    "--output-format",
                    "sarif",
                ],
                None,
            );
            assert_eq!(run.code, 1, "{run:?}");
            match &first {
                None => first = Some(run),
                Some(f) => {
                    assert!(
                        f.stdout_bytes == run.stdout_bytes && f.stderr_bytes == run.stderr_bytes,
                        "round {round}, --jobs {jobs}: output differs from the first run"
                    );
                }
            }
        }
    }
}

/// Past the tree budget, pass 2 parses a file again instead of keeping its
/// pass-1 tree: the findings must not depend on which it did.
#[test]
fn reparsed_files_get_the_same_findings_as_kept_trees() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let args = [
        "check",
        "--no-cache",
        "--output-format",
        "json",
        "python",
        "rust",
    ];
    let kept = support::run_with_env(&fixtures, &args, None, &[]);
    let reparsed = support::run_with_env(&fixtures, &args, None, &[("CONNLINT_TREE_BUDGET", "0")]);
    kept.expect_code(1);
    assert!(kept.stdout.contains("\"CL102\""), "{kept:?}");
    assert!(
        kept.stdout == reparsed.stdout,
        "findings differ when trees are reparsed"
    );
    assert_eq!(kept.stderr, reparsed.stderr);
}

// ------------------------------------------------------- rule, rules, version

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

// ---------------------------------------------------------------- Rust

const RUST_HANDLER: &str = r#"use axum::extract::State;
use sqlx::PgPool;

pub async fn checkout(State(pool): State<PgPool>, http: reqwest::Client) -> Result<(), Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("select 1").execute(&mut *conn).await?;
    http.post("https://payments.example.com").send().await?;
    Ok(())
}
"#;

#[test]
fn rust_files_are_analysed() {
    let p = Project::new();
    p.file("Cargo.toml", "[package]\nname = \"shop\"\n")
        .file("src/routes.rs", RUST_HANDLER);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"]);
    assert!(
        r.stdout.contains("`conn` holds a pooled connection"),
        "{r:?}"
    );
}

#[test]
fn rust_suppression_comments() {
    let p = Project::new();
    let noqa = RUST_HANDLER.replace("send().await?;", "send().await?; // noqa: CL302");
    let ignore = RUST_HANDLER.replace(
        "    http.post(",
        "    // connlint: ignore[held-across-slow-call]\n    http.post(",
    );
    let other = RUST_HANDLER.replace("send().await?;", "send().await?; // noqa: CL305");
    p.file("src/a.rs", noqa)
        .file("src/b.rs", ignore)
        .file("src/c.rs", other);
    let r = p.run(&["check", "--output-format", "concise"]);
    // `// connlint: ignore` on its own line above the statement is not on the statement.
    assert_eq!(
        r.findings(),
        ["src/b.rs:8:5 CL302", "src/c.rs:7:5 CL302"],
        "{r:?}"
    );
}

#[test]
fn rust_select_and_ignore() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER);
    p.run(&["check", "--ignore", "CL302"]).expect_code(0);
    let r = p.run(&["check", "--select", "CL3", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"]);
}

#[test]
fn rust_syntax_errors_are_not_findings_and_the_rest_is_analysed() {
    let p = Project::new();
    let broken = format!("{RUST_HANDLER}\nfn broken( {{ let x = ; }}\n");
    p.file("src/routes.rs", broken);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"], "{r:?}");
}

#[test]
fn rust_binary_and_invalid_utf8_files_are_reported_and_skipped() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER)
        .file("src/blob.rs", b"fn a() {}\x00\x01")
        .file("src/latin1.rs", b"// caf\xe9\nfn a() {}\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"], "{r:?}");
    assert!(r.stderr.contains("src/blob.rs"), "{r:?}");
    assert!(r.stderr.contains("src/latin1.rs"), "{r:?}");
}

#[test]
fn rust_detach_option_enables_detach_findings() {
    let p = Project::new();
    let src = "use sqlx::PgPool;\n\npub async fn lock(pool: &PgPool) -> Result<PgConnection, Error> {\n    let conn = pool.acquire().await?;\n    Ok(conn.detach())\n}\n";
    p.file("src/lock.rs", src);
    p.run(&["check"]).expect_code(0);
    p.file("connlint.toml", "[rules.leaked-guard]\ndetach = true\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/lock.rs:5:8 CL303"], "{r:?}");
    p.file("connlint.toml", "[rules.leaked-guard]\ndetach = \"yes\"\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
}

#[test]
fn rust_and_python_in_one_run_share_the_output() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER)
        .file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["script.py:3:8 CL101", "src/routes.rs:7:5 CL302"],
        "{r:?}"
    );
    let json = p.run(&["check", "--output-format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{json:?}");
}

#[test]
fn rust_pathological_nesting_is_analysed_without_crashing() {
    let p = Project::new();
    let head = "use sqlx::PgPool;\nasync fn f(pool: &PgPool) {\n    let conn = pool.acquire().await.unwrap();\n";
    let n = 10_000;
    p.file("Cargo.toml", "[package]\nname = \"patho\"\n")
        .file(
            "src/nested.rs",
            format!("{head}{}x().await;{}\n}}\n", "{".repeat(n), "}".repeat(n)),
        )
        .file(
            "src/chain.rs",
            format!("{head}    let x = y{}.await;\n}}\n", ".m()".repeat(2 * n)),
        )
        .file(
            "src/closures.rs",
            format!(
                "use sqlx::PgPool;\nfn f(pool: &PgPool) {{\n{}pool.get();\n}}\n",
                "let a = || ".repeat(n / 3)
            ),
        )
        .file(
            "src/uses.rs",
            format!(
                "use sqlx::{}PgPool{};\nfn main() {{}}\n",
                "{a::".repeat(n / 3),
                "}".repeat(n / 3)
            ),
        )
        .file(
            "src/ifs.rs",
            format!(
                "{head}{}b().await;{}\n}}\n",
                "if a { ".repeat(n / 2),
                "}".repeat(n / 2)
            ),
        )
        .file(
            "src/path.rs",
            format!(
                "fn f() {{\n    let p = {}PgPool::connect(\"\");\n}}\n",
                "a::".repeat(n / 2)
            ),
        )
        .file(
            "src/args.rs",
            format!(
                "{head}    {}h().await{};\n}}\n",
                "g(".repeat(n / 2),
                ")".repeat(n / 2)
            ),
        );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert!(!r.stderr.contains("internal error"), "{r:?}");
    // Where the scan stopped short, it says so (once per function).
    for file in ["nested", "ifs"] {
        let said = r
            .findings()
            .iter()
            .filter(|f| f.starts_with(&format!("src/{file}.rs:")) && f.ends_with(" analysis-limit"))
            .count();
        assert_eq!(said, 1, "{file}: {r:?}");
    }
}

#[test]
fn human_output_shows_the_fix_as_removed_and_added_lines() {
    let p = Project::new();
    p.file(
        "report.py",
        "import psycopg2\n\n\ndef total():\n    conn = psycopg2.connect(\"dbname=x\")\n    try:\n        return conn.execute(\"SELECT 1\")\n    finally:\n        conn.close()\n",
    );
    let r = p.run(&["check", "--color", "never"]);
    r.expect_code(1);
    for want in [
        "= fix: use `with closing(psycopg2.connect(\"dbname=x\")) as conn:` (`--fix`)",
        "+ from contextlib import closing",
        "-     conn = psycopg2.connect(\"dbname=x\")",
        "-     try:",
        "+     with closing(psycopg2.connect(\"dbname=x\")) as conn:",
        "-     finally:",
        "-         conn.close()",
        "1 fixable with `--fix`.",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?}: {r:?}");
    }
    // The unchanged body is not repeated.
    assert!(!r.stdout.contains("+         return"), "{r:?}");
}

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
    assert!(p.path(".connlint_cache/python.json").is_file(), "{cold:?}");
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
    assert!(dir.join("python.json").is_file());
    // Never committed.
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "# Created by connlint.\n*\n"
    );
    // A corrupt cache is an empty one.
    std::fs::write(dir.join("python.json"), b"{ not json").unwrap();
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

const CANONICAL_SQLITE: &str = "import sqlite3\n\n\ndef names(path):\n    conn = sqlite3.connect(path)\n    try:\n        return [r[0] for r in conn.execute(\"SELECT name FROM users\")]\n    finally:\n        conn.close()\n";

#[test]
fn exit_non_zero_on_fix_fails_when_a_fix_was_applied() {
    let p = Project::new();
    p.file("names.py", CANONICAL_SQLITE);
    // Without the flag, nothing remains after the fix: exit 0.
    p.run(&["check", "--fix"]).expect_code(0);
    p.file("names.py", CANONICAL_SQLITE);
    let r = p.run(&["check", "--fix", "--exit-non-zero-on-fix"]);
    r.expect_code(1);
    assert!(r.stderr.contains("Fixed 1 problem"), "{r:?}");
    // Nothing left to fix: exit 0 again.
    p.run(&["check", "--fix", "--exit-non-zero-on-fix"])
        .expect_code(0);
    p.file("names.py", CANONICAL_SQLITE);
    p.run(&["check", "--fix-only", "--exit-non-zero-on-fix"])
        .expect_code(1);
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

// ------------------------------------------------------ pathological inputs

/// A function whose body nests `depth` blocks of `kind` (one space more per
/// level) around a use of a connection taken by hand.
fn nested_blocks(kind: &str, depth: usize) -> String {
    let mut src =
        String::from("import psycopg2\n\n\ndef deep(dsn):\n    conn = psycopg2.connect(dsn)\n");
    for i in 0..depth {
        let indent = " ".repeat(4 + i);
        match kind {
            "try" => writeln!(src, "{indent}try:").unwrap(),
            "with" => writeln!(src, "{indent}with lock{i}:").unwrap(),
            "for" => writeln!(src, "{indent}for row{i} in rows:").unwrap(),
            _ => writeln!(src, "{indent}if q{i}:").unwrap(),
        }
    }
    writeln!(
        src,
        "{}conn.cursor().execute('select 1')",
        " ".repeat(4 + depth)
    )
    .unwrap();
    if kind == "try" {
        for i in (0..depth).rev() {
            let indent = " ".repeat(4 + i);
            writeln!(src, "{indent}finally:\n{indent} pass").unwrap();
        }
    }
    src.push_str("    conn.close()\n");
    src
}

#[test]
fn nested_blocks_at_every_depth_give_findings_or_one_message() {
    // 101 levels: past the path analysis's depth limit (said at the function);
    // 250: still parsed; 300: more indentation than tree-sitter-python can
    // hold (at about 384 levels its scanner overflows tree-sitter's state
    // buffer and an assertion aborts the process): skipped with a message;
    // 10,000 (50 MB of indentation): over the file-size limit, and when that
    // is raised, too deeply nested.
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("if101.py", nested_blocks("if", 101))
        .file("try250.py", nested_blocks("try", 250))
        .file("with300.py", nested_blocks("with", 300))
        .file("for10000.py", nested_blocks("for", 10_000))
        .file("if10000.py", nested_blocks("if", 10_000))
        .file("try10000.py", nested_blocks("try", 10_000));
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app.py:3:8 CL101",
            "if101.py:4:5 analysis-limit",
            "if101.py:5:12 CL101",
            "try250.py:4:5 analysis-limit",
            "try250.py:5:12 CL101",
        ],
        "{r:?}"
    );
    assert_one_message(
        &r.stderr,
        "with300.py",
        "too deeply nested: 301 levels of indentation",
    );
    for big in ["for10000.py", "if10000.py", "try10000.py"] {
        assert_one_message(&r.stderr, big, "larger than the limit");
    }
    let r = p.run(&[
        "check",
        "for10000.py",
        "app.py",
        "--max-file-size",
        "100000000",
        "--output-format",
        "concise",
        "--no-cache",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(&r.stderr, "for10000.py", "too deeply nested: 10001 levels");
}

#[test]
fn a_hundred_thousand_functions_in_one_file() {
    // Each function has its own `conn`, and the module holds one too: telling
    // them apart must not cost a scan of every scope per mention (it did,
    // briefly: 20,000 such functions took 2.5 minutes of CPU).
    let mut src = String::from("import psycopg2\n\nconn = psycopg2.connect('dbname=app')\n\n");
    for i in 0..100_000 {
        writeln!(src, "def f{i}(conn):\n    return conn.cursor({i})\n").unwrap();
    }
    src.push_str("def leak(dsn):\n    conn = psycopg2.connect(dsn)\n    conn.close()\n\n");
    let line = src.lines().count() - 2;
    src.push_str("conn.close()\n");
    let p = Project::new();
    p.file("generated.py", &src).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app.py:3:8 CL101".to_owned(),
            "generated.py:3:8 CL101".to_owned(),
            format!("generated.py:{line}:12 CL101")
        ],
        "{r:?}"
    );
}

#[test]
fn a_fifty_megabyte_file_is_skipped_with_a_message_by_default() {
    let p = Project::new();
    let big = format!("{MANUAL}{}", "x = 1\n".repeat(50 * 1024 * 1024 / 6));
    p.file("big.py", &big).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(
        &r.stderr,
        "big.py",
        "larger than the limit of 10485760 bytes (`--max-file-size`); skipped",
    );
}

#[cfg(unix)]
#[test]
fn device_files_named_like_python_files_are_reported_not_read() {
    // /dev/zero would never end and /dev/urandom is binary: neither is read.
    let p = Project::new();
    p.file("app.py", MANUAL);
    std::os::unix::fs::symlink("/dev/zero", p.path("zero.py")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", p.path("random.py")).unwrap();
    // A device node in a walked directory, where this user may make one.
    let made = std::process::Command::new("mknod")
        .arg(p.path("pkg/dev.py"))
        .args(["c", "1", "5"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        p.dir("pkg");
    }
    let r = p.run(&[
        "check",
        "zero.py",
        "random.py",
        "app.py",
        "pkg",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(&r.stderr, "zero.py", "not a regular file");
    assert_one_message(&r.stderr, "random.py", "not a regular file");
    if made {
        assert_one_message(&r.stderr, "pkg/dev.py", "not a regular file");
    }
}

#[cfg(unix)]
#[test]
fn permission_denied_as_an_unprivileged_user() {
    // Tests often run as root, for whom mode 000 blocks nothing: run connlint
    // as `nobody` (setpriv, util-linux) so that the denial is real.
    use std::os::unix::fs::PermissionsExt;
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
    });
    let setpriv = std::path::Path::new("/usr/bin/setpriv");
    if !root || !setpriv.exists() {
        // Not root: `unreadable_file_gets_one_message_and_the_run_goes_on` sees the denial itself.
        return;
    }
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("secret.py", MANUAL)
        .file("locked/inner.py", MANUAL);
    let mode = |rel: &str, m: u32| {
        std::fs::set_permissions(p.path(rel), std::fs::Permissions::from_mode(m)).unwrap();
    };
    mode("", 0o755);
    mode("app.py", 0o644);
    mode("secret.py", 0o000);
    mode("locked", 0o000);
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_connlint"))
        .args(["check", "--output-format", "concise", "--no-cache"])
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    mode("locked", 0o755);
    mode("secret.py", 0o644);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The binary must be reachable by `nobody` for this to mean anything.
    if stderr.contains("Permission denied") && stdout.is_empty() && !stderr.contains("secret.py") {
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("app.py:3:8: CL101"),
        "{stdout}\n{stderr}"
    );
    assert_one_message(&stderr, "secret.py", "permission denied");
    assert_one_message(&stderr, "locked", "permission denied");
}

#[test]
fn files_deleted_or_truncated_while_the_run_reads_them() {
    // A checkout changing under the run (a branch switch, a formatter):
    // every file gets findings or one message, never a panic or a hang.
    let p = Project::new();
    for i in 0..1500 {
        p.file(&format!("m{i:04}.py"), MANUAL);
    }
    for round in 0..3 {
        let child = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .args(["check", "--output-format", "concise", "--no-cache"])
            .current_dir(p.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        for i in (0..1500).rev().filter(|i| i % 3 == round) {
            let path = p.path(&format!("m{i:04}.py"));
            if i % 2 == 0 {
                let _ = std::fs::remove_file(&path);
            } else {
                let _ = std::fs::write(&path, &MANUAL[..MANUAL.len() / 2]);
            }
        }
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0..=2)), "{stderr}");
        assert!(
            !stderr.contains("internal error") && !stderr.contains("panicked"),
            "{stderr}"
        );
        for line in stdout.lines() {
            assert!(line.starts_with('m') && line.contains(".py:"), "{line}");
        }
        for line in stderr
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        {
            assert!(line.contains(".py: ") || !line.contains(": m"), "{line}");
        }
        // Put the files back for the next round.
        for i in 0..1500 {
            p.file(&format!("m{i:04}.py"), MANUAL);
        }
    }
}

// ------------------------------------------------------------------ security

#[test]
fn a_hostile_configuration_is_refused_quickly_with_its_file_named() {
    let nest = |depth: usize| (0..depth).fold("a".to_owned(), |g, _| format!("{{a,{g}}}"));
    let nested = nest(200);
    let many: Vec<String> = (0..20_000).map(|i| format!("\"d{i}/**/*.py\"")).collect();
    let cases = [
        (
            format!("exclude = [{}]\n", many.join(",")),
            "in `exclude`: 20000 patterns; connlint accepts at most 10000",
        ),
        (
            format!("exclude = [\"{}\"]\n", vec!["**"; 500].join("/")),
            "bytes long; connlint accepts at most 1024",
        ),
        (
            format!("extend-exclude = [\"{nested}\"]\n"),
            "in `extend-exclude`: invalid glob `{a,{a,",
        ),
        (
            format!(
                "exclude = [{}]\nextend-exclude = [{}]\n",
                many[..6_000].join(","),
                many[6_000..12_000].join(",")
            ),
            "in `exclude` and `extend-exclude` together: 12000 patterns",
        ),
        (
            format!(
                "[per-file-ignores]\n{}\n",
                (0..10_001)
                    .map(|i| format!("\"f{i}/**\" = [\"CL101\"]"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            "in `per-file-ignores`: 10001 patterns",
        ),
    ];
    for (toml, want) in cases {
        let p = Project::new();
        p.file("connlint.toml", &toml).file("app.py", MANUAL);
        let started = std::time::Instant::now();
        let r = p.run(&["check", "--output-format", "concise"]);
        r.expect_code(2);
        assert!(r.stderr.contains("connlint.toml: in `"), "{r:?}");
        assert!(r.stderr.contains(want), "{want}: {r:?}");
        // One short line, not the pattern echoed whole.
        assert!(r.stderr.len() < 300, "{r:?}");
        eprintln!("{want}: refused in {:?}", started.elapsed());
    }
    // What a project may write, however large, still runs: 9,900 patterns
    // (one with alternates nested 100 deep) and 20,000 configured acquirers.
    let p = Project::new();
    let acquirers: Vec<String> = (0..20_000).map(|i| format!("\"m{i}.get_conn\"")).collect();
    p.file(
        "connlint.toml",
        format!(
            "extend-exclude = [{}, \"{}\"]\n[catalog]\nacquirers = [{}]\n",
            many[..9_900].join(","),
            nest(100),
            acquirers.join(",")
        ),
    )
    .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
}

/// connlint reads files; it never runs, imports or connects to what it reads,
/// and needs no network: under strace no socket is opened and no program run
/// (where strace is installed), and in a network namespace without any
/// interface (`unshare -n`, where this user may make one) the output is the same.
#[cfg(target_os = "linux")]
#[test]
fn no_network_access_and_no_program_run() {
    let p = pool_project();
    p.file("scripts/report.py", MANUAL).file(
        "setup.py",
        "import subprocess, socket\nsubprocess.run(['touch', 'RAN'])\nsocket.create_connection(('127.0.0.1', 9))\n",
    );
    let args = ["check", "--output-format", "concise", "--no-cache"];
    let plain = p.run(&args);
    plain.expect_code(1);
    let bin = env!("CARGO_BIN_EXE_connlint");
    let strace = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=execve,socket,connect", "-o"])
        .arg(p.path("trace.log"))
        .arg(bin)
        .args(args)
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = strace {
        if out.status.code() == Some(1) {
            let log = std::fs::read_to_string(p.path("trace.log")).unwrap();
            let execs: Vec<&str> = log.lines().filter(|l| l.contains("execve(")).collect();
            assert_eq!(execs.len(), 1, "one execve, connlint's own:\n{log}");
            assert!(execs[0].contains(bin), "{log}");
            assert!(
                !log.contains("socket(") && !log.contains("connect("),
                "{log}"
            );
            std::fs::remove_file(p.path("trace.log")).unwrap();
        }
    }
    let isolated = Command::new("unshare")
        .args(["-n", "--"])
        .arg(bin)
        .args(args)
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = isolated {
        // Where namespaces are not allowed, unshare itself fails (exit 1 with
        // its own message): nothing to compare.
        if !String::from_utf8_lossy(&out.stderr).starts_with("unshare:") {
            assert_eq!(out.status.code(), Some(1));
            assert_eq!(out.stdout, plain.stdout_bytes);
        }
    }
    assert!(!p.path("RAN").exists());
}
