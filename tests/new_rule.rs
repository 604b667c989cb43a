//! `scripts/new-rule` on a copy of the registry, a family and the README:
//! every piece is written, each line lands in code order, and nothing is
//! overwritten by a second run.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::Path;
use std::process::Command;

fn copy(from: &Path, to: &Path, rel: &str) {
    let target = to.join(rel);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(from.join(rel), target).unwrap();
}

fn new_rule(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/new-rule"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn new_rule_writes_every_piece_in_code_order() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in ["README.md", "src/rules/mod.rs"] {
        copy(here, root, rel);
    }
    for family in ["leaks", "pools", "concurrency"] {
        for e in std::fs::read_dir(here.join("src/rules").join(family)).unwrap() {
            let name = e.unwrap().file_name();
            copy(
                here,
                root,
                &format!("src/rules/{family}/{}", name.to_string_lossy()),
            );
        }
    }
    let args = [
        "CL206",
        "pool-capacity",
        "--family",
        "pools",
        "--lang",
        "python",
        "--summary",
        "processes x pool size exceed the database's connection limit",
    ];
    let out = new_rule(root, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let rule = std::fs::read_to_string(root.join("src/rules/pools/pool_capacity.rs")).unwrap();
    assert!(rule.contains("code: \"CL206\""), "{rule}");
    assert!(rule.contains("status: Status::Preview"), "{rule}");
    assert!(rule.contains("impl PythonRule for PoolCapacity"), "{rule}");
    assert!(!rule.contains("RustRule"), "Python only: {rule}");
    let page = std::fs::read_to_string(root.join("rules/CL206.md")).unwrap();
    for heading in [
        "# CL206 pool-capacity",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix",
        "## Options",
        "## Known limitations",
        "## References",
    ] {
        assert!(page.contains(heading), "{heading} missing:\n{page}");
    }
    let positive =
        std::fs::read_to_string(root.join("fixtures/python/pool-capacity/pool_capacity.py"))
            .unwrap();
    assert!(positive.contains("# expect: CL206"), "{positive}");
    assert!(
        root.join("fixtures/python/pool-capacity/ok_pool_capacity.py")
            .is_file()
    );

    // The registry line after CL205's, the module in name order, the README row after CL205's.
    let registry = std::fs::read_to_string(root.join("src/rules/mod.rs")).unwrap();
    let line = |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap();
    assert_eq!(
        line(&registry, "pool_capacity::PoolCapacity"),
        line(&registry, "PoolWithoutTimeout") + 1,
        "{registry}"
    );
    let family = std::fs::read_to_string(root.join("src/rules/pools/mod.rs")).unwrap();
    assert_eq!(
        line(&family, "pub mod pool_capacity;"),
        line(&family, "pub mod pool_bypass;") + 1
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert_eq!(
        line(&readme, "| CL206 | pool-capacity | py | warning | off |"),
        line(&readme, "| CL205 | pool-without-timeout |") + 1
    );

    // A second run changes nothing and says why.
    let again = new_rule(root, &args);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("pool_capacity.rs exists already"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/rules/mod.rs")).unwrap(),
        registry
    );
}

#[test]
fn new_rule_refuses_a_taken_code_or_a_bad_name() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in ["README.md", "src/rules/mod.rs", "src/rules/pools/mod.rs"] {
        copy(here, root, rel);
    }
    copy(here, root, "src/rules/pools/pool_bypass.rs");
    let taken = new_rule(
        root,
        &[
            "CL201",
            "pool-detour",
            "--family",
            "pools",
            "--lang",
            "python",
            "--summary",
            "x",
        ],
    );
    assert_eq!(taken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&taken.stderr).contains("CL201"));
    let bad = new_rule(
        root,
        &[
            "CL299",
            "no-pools",
            "--family",
            "pools",
            "--lang",
            "python",
            "--summary",
            "x",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a rule name"));
    assert!(
        !root.join("rules").exists(),
        "nothing is written on an error"
    );
}
