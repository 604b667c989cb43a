//! `--fix` killed with SIGKILL at random points: every file is byte-identical
//! to its original or to its fixed form (never truncated, never half-fixed),
//! and the next run leaves no temporary file behind.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const FILES: usize = 500;
const ROUNDS: u64 = 20;

/// A canonical leak with a safe fix (`with closing(...)`), distinct per file.
fn original(i: usize) -> String {
    format!(
        "# report {i}\nimport sqlite3\n\n\ndef count_{i}(path):\n    conn = sqlite3.connect(path)\n    try:\n        return conn.execute(\"select {i}\").fetchone()[0]\n    finally:\n        conn.close()\n"
    )
}

fn write_tree(root: &Path) {
    for i in 0..FILES {
        let p = root.join(format!("pkg{}/report_{i:03}.py", i % 10));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, original(i)).unwrap();
    }
}

/// Every file under `root` (hidden ones included), by relative path.
fn read_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let path = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn fix_command(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_connlint"));
    c.args(["check", "--fix", "--no-cache", "--quiet", "--jobs", "2"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn fix_killed_at_any_point_leaves_each_file_original_or_fixed() {
    let originals_dir = tempfile::tempdir().unwrap();
    write_tree(originals_dir.path());
    let originals = read_tree(originals_dir.path());
    assert_eq!(originals.len(), FILES);

    // The fixed form of every file, from one uninterrupted run.
    let fixed_dir = tempfile::tempdir().unwrap();
    write_tree(fixed_dir.path());
    let start = Instant::now();
    let status = fix_command(fixed_dir.path()).status().unwrap();
    let full_run = start.elapsed();
    assert_eq!(
        status.code(),
        Some(0),
        "the fixed tree has no findings left"
    );
    let fixed = read_tree(fixed_dir.path());
    assert_eq!(fixed.len(), FILES, "no file added or left behind");
    for (rel, bytes) in &fixed {
        assert_ne!(bytes, &originals[rel], "{} was not fixed", rel.display());
        assert!(
            String::from_utf8_lossy(bytes).contains("with closing(sqlite3.connect(path)) as conn:"),
            "{}",
            rel.display()
        );
    }

    // Kill points spread over the whole run, most of them late (where the
    // writes are), from a fixed seed so a failure can be replayed.
    // CONNLINT_KILL_SEED=N picks other points (for looping the test; see
    // README, "Development").
    let seed_in = std::env::var("CONNLINT_KILL_SEED")
        .ok()
        .map(|s| s.parse::<u64>().expect("CONNLINT_KILL_SEED is a number"));
    let mut seed: u64 = seed_in.unwrap_or(0x9e37_79b9_7f4a_7c15);
    eprintln!("kill seed {seed}");
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let mut killed_mid_write = 0;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path());
        let permille = u32::try_from(300 + next() % 900).unwrap(); // 30% .. 120% of a full run
        let delay = full_run * permille / 1000;
        let mut child = fix_command(dir.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();

        let after = read_tree(dir.path());
        let mut n_fixed = 0;
        for (rel, bytes) in &after {
            if is_temporary(rel) {
                continue;
            }
            let orig = originals.get(rel);
            assert!(
                orig.is_some(),
                "round {round}: unexpected file {}",
                rel.display()
            );
            if bytes == &fixed[rel] {
                n_fixed += 1;
            } else {
                assert!(
                    Some(bytes) == orig,
                    "round {round} (killed after {delay:?}): {} is neither the original nor the fixed file:\n{}",
                    rel.display(),
                    String::from_utf8_lossy(bytes)
                );
            }
        }
        assert_eq!(
            after.keys().filter(|r| !is_temporary(r)).count(),
            FILES,
            "round {round}: a file went missing"
        );
        if n_fixed > 0 && n_fixed < FILES {
            killed_mid_write += 1;
        }

        // The next run finishes the job and sweeps the killed run's temporaries.
        let status = fix_command(dir.path()).status().unwrap();
        assert_eq!(status.code(), Some(0), "round {round}");
        let done = read_tree(dir.path());
        assert!(
            done.keys().all(|r| !is_temporary(r)),
            "round {round}: temporaries left: {:?}",
            done.keys().filter(|r| is_temporary(r)).collect::<Vec<_>>()
        );
        assert!(done == fixed, "round {round}: the finished tree differs");
    }
    // Not asserted (timing decides it), but reported: how many kills landed
    // while files were being written.
    eprintln!("{killed_mid_write} of {ROUNDS} kills landed mid-write (full run {full_run:?})");
}

fn is_temporary(rel: &Path) -> bool {
    rel.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.starts_with('.')
            && n.contains(".connlint-")
            && Path::new(n).extension().is_some_and(|e| e == "tmp")
    })
}
