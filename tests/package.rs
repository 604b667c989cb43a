//! What the crate ships (`cargo package --list`): the sources, the rule pages
//! and the catalogs the binary embeds, the licences, the README and the
//! changelog; never the fixtures, tests, corpora or examples.

use std::process::Command;

#[test]
fn the_crate_ships_the_rule_pages_and_catalogs_and_no_fixtures() {
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<&str> = stdout.lines().collect();
    for must in [
        "Cargo.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/lib.rs",
        "rules/CL101.md",
        "rules/CL305.md",
        "rules/catalog/python.toml",
        "rules/catalog/rust.toml",
    ] {
        assert!(
            files.contains(&must),
            "{must} is not in the package: {files:?}"
        );
    }
    // Every rule page the registry knows is shipped: `connlint rule` prints them.
    let pages = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .expect("rules/")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let shipped = files
        .iter()
        .filter(|f| {
            f.starts_with("rules/CL")
                && std::path::Path::new(f)
                    .extension()
                    .is_some_and(|x| x == "md")
        })
        .count();
    assert_eq!(shipped, pages, "rule pages shipped vs in rules/");
    for never in [
        "fixtures/",
        "tests/",
        "ecosystem/",
        "examples/",
        "fuzz/",
        "benches/",
        "scripts/",
    ] {
        assert!(
            !files.iter().any(|f| f.starts_with(never)),
            "{never} is in the package"
        );
    }
}
