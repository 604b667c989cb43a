//! `check --watch`, run for real: the binary watches a temporary project
//! while the test writes files into it, and what it prints after each change
//! is read line by line.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const LEAK: &str = "import sqlite3\n\n\ndef names(path):\n    conn = sqlite3.connect(path)\n    return conn.execute(\"SELECT name FROM users\").fetchall()\n";
const GUARDED: &str = "import sqlite3\nfrom contextlib import closing\n\n\ndef names(path):\n    with closing(sqlite3.connect(path)) as conn:\n        return conn.execute(\"SELECT name FROM users\").fetchall()\n";

struct Watching {
    child: Child,
    lines: Receiver<String>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .args(["check", "--watch"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Watching { child, lines }
    }

    /// The lines printed up to and including the next "Watching" line.
    fn next_run(&self) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut got = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no run finished within 30 s; printed: {got:?}"));
            let done = line.ends_with("Watching for file changes.");
            got.push(line);
            if done {
                return got;
            }
        }
    }
}

/// Whether a line of `run` starts with `prefix`.
fn has(run: &[String], prefix: &str) -> bool {
    run.iter().any(|l| l.starts_with(prefix))
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_prints_new_and_fixed_findings_as_files_change() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"w\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.py"), "def ok():\n    return 1\n").unwrap();
    let w = Watching::start(dir.path(), &["--output-format", "concise"]);
    let first = w.next_run();
    assert_eq!(
        first.len(),
        1,
        "a clean project prints only the watch line: {first:?}"
    );

    // A leak appears: its findings are printed, as new.
    std::fs::write(dir.path().join("names.py"), LEAK).unwrap();
    let run = w.next_run();
    assert!(has(&run, "names.py:5:12: CL101 "), "{run:?}");
    assert!(
        has(
            &run,
            "Found 2 problems (2 new, 0 fixed) in 2 files checked."
        ),
        "{run:?}"
    );

    // An unrelated edit elsewhere: nothing new, nothing fixed, the total stays.
    std::fs::write(dir.path().join("ok.py"), "def ok():\n    return 2\n").unwrap();
    let run = w.next_run();
    assert!(!run.iter().any(|l| l.contains("CL101")), "{run:?}");
    assert!(has(&run, "Found 2 problems (0 new, 0 fixed)"), "{run:?}");

    // The leak is fixed: the findings are reported as fixed.
    std::fs::write(dir.path().join("names.py"), GUARDED).unwrap();
    let run = w.next_run();
    assert!(has(&run, "fixed: names.py:5:12: CL101 "), "{run:?}");
    assert!(has(&run, "Found 0 problems (0 new, 2 fixed)"), "{run:?}");

    // A configuration change is a change too: ignoring CL101 hides the new leak.
    std::fs::write(dir.path().join("names.py"), LEAK).unwrap();
    let run = w.next_run();
    assert!(
        run.iter().any(|l| l.contains("(2 new, 0 fixed)")),
        "{run:?}"
    );
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"w\"\n\n[tool.connlint]\nignore = [\"CL101\"]\n",
    )
    .unwrap();
    let run = w.next_run();
    assert!(has(&run, "fixed: names.py:5:12: CL101 "), "{run:?}");
    assert!(
        run.iter().any(|l| l.contains("(0 new, 1 fixed)")),
        "{run:?}"
    );
}

#[test]
fn watch_refuses_machine_formats_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--watch", "--output-format", "json"][..],
        &["--watch", "--fix"][..],
        &["--watch", "--output-file", "x.txt"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .arg("check")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--watch") || err.contains("watch"),
            "{args:?}: {err}"
        );
    }
}
