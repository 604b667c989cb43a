//! The catalog's claims about drivers (`with = "closes"`, `with-form`,
//! release methods, `with-commits`, pool methods) checked against the real
//! packages, pinned, installed from PyPI into a virtualenv of the test's own:
//! a wrong `with = "closes"` (issue 20: asyncpg's) cannot come back. The
//! checks are in `tests/catalog_claims.py`; it needs no database server.
//! It needs `python3` with `venv` and PyPI, as `tests/pre_commit.rs` does
//! (`.ci/run` makes sure of both).

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// The drivers whose claims are checked, at the versions the catalog cites.
const DRIVERS: &[&str] = &[
    "asyncpg==0.30.0",
    "psycopg2-binary==2.9.10",
    "psycopg[binary]==3.2.3",
    "psycopg-pool==3.2.4",
    "aiosqlite==0.20.0",
    "SQLAlchemy==2.0.36",
    // `tomllib` before Python 3.11
    "tomli==2.0.1; python_version < \"3.11\"",
];

#[test]
fn catalog_claims_hold_for_the_installed_drivers() {
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .expect("python3 is needed to check the catalog against the drivers");
    assert!(
        made.status.success(),
        "python3 -m venv failed: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(DRIVERS)
        .output()
        .unwrap();
    assert!(
        pip.status.success(),
        "pip install of the drivers failed: {}",
        String::from_utf8_lossy(&pip.stderr)
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(venv.join("bin/python"))
        .arg(root.join("tests/catalog_claims.py"))
        .arg(root.join("rules/catalog/python.toml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "catalog claims do not hold:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Never a silent pass: the checks ran, for the drivers that matter.
    assert!(text.contains("asyncpg.Connection: with = 'none'"), "{text}");
    assert!(text.contains("checks, 0 failed"), "{text}");
}
