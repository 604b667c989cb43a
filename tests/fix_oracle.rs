//! The runtime oracle for fixes (`tests/oracle/run.py`): each fix is run
//! under python3 with fake drivers, before and after, with no fault and then
//! with each driver operation raising in turn. The after version must leave no
//! connection open and no pool slot taken on any path, must return what the
//! before version returned (and raise what it raised), and must commit the
//! same writes (except for an unsafe fix, which may commit where the original
//! did not: `--unsafe-fix`, given to the `unsafe_*` cases).
//!
//! - every case of `fixtures/fix/python/` (the expected `x.fixed.py` files);
//! - every file the safe fixes change in a copy of `fixtures/python/`;
//! - the oracle's own self-tests (`tests/oracle/selftest/`): broken fixes it
//!   must reject, a correct one it must accept.
//!
//! python3 (>= 3.9) is required: without it these tests fail, they do not pass.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Panics with a clear message unless `python3` (>= 3.9) runs.
fn require_python() {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)",
        ])
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!("the fix oracle needs python3 >= 3.9; `python3` is older: {o:?}"),
        Err(e) => panic!(
            "the fix oracle (tests/oracle/run.py) needs python3 >= 3.9 on PATH, and there is none: {e}"
        ),
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy();
            if name == ".connlint_cache" || name == "__pycache__" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Copies the files under `src` into `dst`, keeping the layout.
fn copy_tree(src: &Path, dst: &Path, keep: impl Fn(&Path) -> bool) {
    for p in walk(src) {
        if !keep(&p) {
            continue;
        }
        let target = dst.join(p.strip_prefix(src).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&p, &target).unwrap();
    }
}

fn is_fixed(p: &Path) -> bool {
    p.to_string_lossy().ends_with(".fixed.py")
}

/// Runs the oracle on a (before, after) pair of files or directories.
fn oracle(before: &Path, after: &Path, module: Option<&str>, unsafe_fix: bool) -> Output {
    let mut cmd = Command::new("python3");
    cmd.arg(manifest().join("tests/oracle/run.py"))
        .arg("--before")
        .arg(before)
        .arg("--after")
        .arg(after);
    if let Some(m) = module {
        cmd.arg("--module").arg(m);
    }
    if unsafe_fix {
        cmd.arg("--unsafe-fix");
    }
    cmd.env("PYTHONDONTWRITEBYTECODE", "1").output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// "N functions checked" from the oracle's summary line.
fn checked(out: &Output) -> usize {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .rev()
        .find_map(|l| {
            l.split_once(" functions checked")
                .map(|(n, _)| n.trim().to_owned())
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// One oracle run to make: a label, the two trees, the module.
struct Job {
    label: String,
    before: PathBuf,
    after: PathBuf,
    module: Option<String>,
    unsafe_fix: bool,
}

/// Takes jobs off the queue until it is empty, recording each failure.
fn drain(queue: &Mutex<Vec<Job>>, failures: &Mutex<Vec<String>>, total: &Mutex<usize>) {
    loop {
        // The lock is released before the run (a `while let` would hold it).
        let next = queue.lock().unwrap().pop();
        let Some(job) = next else {
            break;
        };
        let out = oracle(
            &job.before,
            &job.after,
            job.module.as_deref(),
            job.unsafe_fix,
        );
        *total.lock().unwrap() += checked(&out);
        if out.status.code() != Some(0) {
            failures.lock().unwrap().push(format!(
                "{}: oracle exit {:?}\n{}",
                job.label,
                out.status.code(),
                text(&out)
            ));
        }
    }
}

/// Runs the jobs on two threads; returns (failures, functions checked).
fn run_all(jobs: Vec<Job>) -> (Vec<String>, usize) {
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    let total = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| drain(&queue, &failures, &total));
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    (failures, total.into_inner().unwrap())
}

/// Every case of `fixtures/fix/python/`: the original is the before tree, the
/// case with each `y.fixed.py` over its `y.py` the after tree.
#[test]
fn every_fix_case_leaks_nothing_and_keeps_behaviour() {
    require_python();
    let cases = manifest().join("fixtures/fix/python");
    let tmp = tempfile::tempdir().unwrap();
    let mut jobs = Vec::new();
    for e in std::fs::read_dir(&cases).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let before = tmp.path().join(&name).join("before");
        let after = tmp.path().join(&name).join("after");
        if p.is_dir() {
            copy_tree(&p, &before, |f| !is_fixed(f));
            copy_tree(&p, &after, |f| !is_fixed(f));
            for f in walk(&p).into_iter().filter(|f| is_fixed(f)) {
                let rel = f.strip_prefix(&p).unwrap().to_string_lossy().into_owned();
                let target = after.join(rel.replace(".fixed.py", ".py"));
                std::fs::copy(&f, target).unwrap();
            }
            jobs.push(Job {
                unsafe_fix: name.starts_with("unsafe_"),
                label: name,
                before,
                after,
                module: None,
            });
        } else if p.extension().is_some_and(|e| e == "py") && !is_fixed(&p) {
            let fixed = p.with_file_name(name.replace(".py", ".fixed.py"));
            assert!(fixed.is_file(), "{} has no .fixed.py", p.display());
            std::fs::create_dir_all(&before).unwrap();
            std::fs::create_dir_all(&after).unwrap();
            std::fs::copy(&p, before.join(&name)).unwrap();
            std::fs::copy(&fixed, after.join(&name)).unwrap();
            jobs.push(Job {
                label: name.clone(),
                before: before.join(&name),
                after: after.join(&name),
                module: None,
                unsafe_fix: name.starts_with("unsafe_"),
            });
        }
    }
    assert!(jobs.len() >= 20, "only {} fix cases found", jobs.len());
    let n = jobs.len();
    let (failures, total) = run_all(jobs);
    assert!(
        failures.is_empty(),
        "{} of {n} fix cases fail the oracle:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(total >= n, "only {total} functions checked over {n} cases");
    eprintln!("fix oracle: {n} fix cases, {total} functions checked, no leak, no change");
}

/// The project directory holding `rel` (a directory with a `connlint.toml`,
/// e.g. `pool-bypass/project/engine_url/`), relative to the tree.
fn project_of(tree: &Path, rel: &Path) -> Option<PathBuf> {
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() {
            return None;
        }
        if tree.join(d).join("connlint.toml").is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// `a/b/c.py` as `a.b.c` (a package's `__init__.py` as the package).
fn dotted(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "__init__") {
        parts.pop();
    }
    parts.join(".")
}

/// Every safe fix that `connlint check --fix` applies to a copy of the whole
/// fixture tree.
#[test]
fn every_safe_fix_on_the_fixture_tree_leaks_nothing_and_keeps_behaviour() {
    require_python();
    let src = manifest().join("fixtures/python");
    let tmp = tempfile::tempdir().unwrap();
    let orig = tmp.path().join("orig");
    let fixed = tmp.path().join("fixed");
    copy_tree(&src, &orig, |_| true);
    copy_tree(&src, &fixed, |_| true);
    let out = Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args(["check", "--fix", "--no-cache", "--quiet"])
        .arg(&fixed)
        // From inside the copy: the project root (and so what the project-wide
        // analysis reads) is the copy, not its parent with `orig/` beside it.
        .current_dir(&fixed)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    // 1: findings remain (the fixture tree is full of them); 2 would be an error.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "connlint --fix failed: {out:?}"
    );
    let mut jobs = Vec::new();
    for p in walk(&orig) {
        let rel = p.strip_prefix(&orig).unwrap().to_path_buf();
        if rel.extension().is_none_or(|e| e != "py") {
            continue;
        }
        if std::fs::read(&p).unwrap() == std::fs::read(fixed.join(&rel)).unwrap() {
            continue;
        }
        let label = rel.to_string_lossy().into_owned();
        jobs.push(match project_of(&orig, &rel) {
            Some(project) => Job {
                label,
                before: orig.join(&project),
                after: fixed.join(&project),
                module: Some(dotted(rel.strip_prefix(&project).unwrap())),
                unsafe_fix: false,
            },
            None => Job {
                label,
                before: orig.join(&rel),
                after: fixed.join(&rel),
                module: None,
                unsafe_fix: false,
            },
        });
    }
    assert!(
        !jobs.is_empty(),
        "--fix changed no file of the fixture tree"
    );
    let n = jobs.len();
    let (failures, total) = run_all(jobs);
    assert!(
        failures.is_empty(),
        "{} of {n} files fixed by --fix fail the oracle:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(total >= n, "only {total} functions checked over {n} files");
    eprintln!(
        "fix oracle: {n} files fixed on the fixture tree, {total} functions checked, no leak, no change"
    );
}

/// The oracle can fail: the self-test pairs of `tests/oracle/selftest/` it
/// must reject (with the leak or the change named), and ones it must accept.
#[test]
fn the_oracle_rejects_broken_fixes() {
    require_python();
    let dir = manifest().join("tests/oracle/selftest");
    let cases: &[(&str, i32, &[&str])] = &[
        // (a) closes only on the straight path: a leak on every exception path.
        (
            "leak_on_exception",
            1,
            &[
                "fault at execute #1",
                "1 psycopg2 connection opened at line 6 (`conn = psycopg2.connect(dsn)`) still open",
            ],
        ),
        // (b) closing() under a returned cursor: the caller can no longer fetch.
        (
            "closing_returns_cursor",
            1,
            &[
                "no fault: behaviour changed",
                "after returned <sqlite3 cursor: fetchall() raised sqlite3.ProgrammingError>",
            ],
        ),
        // (c) asyncpg.connect() is a coroutine, its Connection no async context manager:
        // TypeError since Python 3.11, AttributeError (`__aenter__`) before.
        (
            "asyncpg_async_with_connect",
            1,
            &["no fault: behaviour changed: before returned 1, after raised builtins."],
        ),
        // (d) closing() without the connection's own `with`: the commit is lost.
        (
            "lost_commit",
            1,
            &["no fault: committed writes changed: before committed [UPDATE orders"],
        ),
        // Correct rewrites pass.
        (
            "correct_fixes",
            0,
            &["7 functions checked, 0 skipped; 0 violations"],
        ),
        // What cannot run is counted and said, not dropped.
        (
            "skips_are_counted",
            0,
            &["1 skipped (could not instantiate Broken: RuntimeError: cannot be built)"],
        ),
    ];
    for (name, code, needles) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let before = tmp.path().join("before");
        let after = tmp.path().join("after");
        std::fs::create_dir_all(&before).unwrap();
        std::fs::create_dir_all(&after).unwrap();
        let file = format!("{name}.py");
        std::fs::copy(dir.join(format!("{name}.before.py")), before.join(&file)).unwrap();
        std::fs::copy(dir.join(format!("{name}.after.py")), after.join(&file)).unwrap();
        let out = oracle(&before.join(&file), &after.join(&file), None, false);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(*code), "{name}:\n{all}");
        for needle in *needles {
            assert!(all.contains(needle), "{name}: no `{needle}` in\n{all}");
        }
    }
}

/// A harness error (here: paths that do not exist) is exit 2, not a pass.
#[test]
fn the_oracle_reports_harness_errors() {
    require_python();
    let tmp = tempfile::tempdir().unwrap();
    let nope = tmp.path().join("nope.py");
    let out = oracle(&nope, &nope, None, false);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
