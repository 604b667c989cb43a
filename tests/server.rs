//! `connlint server` with real clients: pytest-lsp's (`tests/lsp/`, VS Code's
//! capabilities) and headless Neovim's built-in one.
//!
//! pytest-lsp comes from `scripts/test-tools.sh` (pinned in
//! `tests/python-tools.txt`); Neovim from Debian's `neovim` package, which
//! `.ci/run` installs. Without `nvim` the Neovim test fails and says so.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
// What each command printed goes to stderr, shown when the test fails.
#![allow(clippy::print_stderr)]

#[path = "support/tools.rs"]
mod tools;

use std::process::Command;

use tools::{copy_dir, root, run, text, tools};

const BIN: &str = env!("CARGO_BIN_EXE_connlint");

#[test]
fn pytest_lsp_drives_the_server_through_a_session() {
    let out = run(Command::new(tools().bin("python"))
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .args(["-o", "asyncio_default_fixture_loop_scope=function"])
        .arg(root().join("tests/lsp"))
        .env("CONNLINT_BIN", BIN)
        .env("CONNLINT_EXAMPLE", root().join("examples/outage")));
    let printed = text(&out);
    assert!(out.status.success(), "pytest-lsp failed:\n{printed}");
    assert!(printed.contains("9 passed"), "{printed}");
}

#[test]
fn neovim_shows_the_findings_of_an_open_file() {
    let nvim = Command::new("nvim").arg("--version").output();
    assert!(
        nvim.is_ok_and(|o| o.status.success()),
        "`nvim` is needed for this test: install Debian's `neovim` (.ci/run does)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("outage");
    copy_dir(&root().join("examples/outage"), &project);
    let out_file = tmp.path().join("diagnostics.txt");
    let out = run(Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!(
            "luafile {}",
            root().join("tests/lsp/nvim_diagnostics.lua").display()
        ))
        .current_dir(&project)
        .env("CONNLINT_BIN", BIN)
        .env("CONNLINT_FILE", project.join("app/api.py"))
        .env("CONNLINT_ROOT", &project)
        .env("CONNLINT_OUT", &out_file)
        .env("HOME", tmp.path())
        .env("XDG_STATE_HOME", tmp.path().join("state")));
    assert!(out.status.success(), "nvim failed: {}", text(&out));
    let got = std::fs::read_to_string(&out_file).unwrap();
    eprintln!("{got}");
    assert!(!got.starts_with("error:"), "{got}");
    assert!(
        got.lines()
            .any(|l| l.starts_with("9:CL102:") && l.contains("`conn`")),
        "{got}"
    );
    assert!(got.lines().any(|l| l.starts_with("19:CL201:")), "{got}");
}
