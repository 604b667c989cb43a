//! The `language: rust` pre-commit hooks of this repository
//! (`.pre-commit-hooks.yaml`, for those who want connlint built from source),
//! run for real: with the pinned `pre-commit` of `scripts/test-tools.sh`, a
//! throwaway git repository gets a leaky Python file, and `pre-commit try-repo <this repository> connlint` must
//! fail on it with the finding, then pass once the file is fixed. The
//! `connlint-fix` hook must rewrite a canonical leak and fail (it changed a
//! file), then pass.
//!
//! The `language: python` hooks, installed from the wheel, are tested by
//! `tests/wheel.rs`.
//!
//! It needs `python3` with `venv`, `git`, and PyPI; `.ci/run` makes sure of
//! the first two. Offline, set `CONNLINT_SKIP_PRE_COMMIT_TEST=1` to skip it
//! (it says so on stderr). The hook's build goes to `target/pre-commit`,
//! unoptimised. `try-repo` reuses the hook's environment only when this
//! repository has no uncommitted changes (as in CI); otherwise each run
//! rebuilds connlint itself, which is slower but still correct.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
// What each command printed goes to stderr, shown when the test fails.
#![allow(clippy::print_stderr)]

#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use tools::{CANONICAL, GUARDED, LEAKY, git, run};

struct Hooks {
    pre_commit: PathBuf,
    home: PathBuf,
    repo: PathBuf,
}

impl Hooks {
    /// `pre-commit try-repo <this repository> HOOK --all-files` in the throwaway repository.
    fn try_repo(&self, hook: &str) -> (bool, String) {
        let this = env!("CARGO_MANIFEST_DIR");
        let out = run(Command::new(&self.pre_commit)
            .args(["try-repo", this, hook, "--all-files", "--color", "never"])
            .current_dir(&self.repo)
            .env("PRE_COMMIT_HOME", &self.home)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(this).join("target/pre-commit"),
            )
            // The hook runs on three small files: a quick build beats a fast binary.
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("GIT_AUTHOR_NAME", "connlint test")
            .env("GIT_AUTHOR_EMAIL", "test@connlint.invalid")
            .env("GIT_COMMITTER_NAME", "connlint test")
            .env("GIT_COMMITTER_EMAIL", "test@connlint.invalid"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.repo.join(name), text).unwrap();
        git(&self.repo, &["add", name]);
    }
}

#[test]
fn pre_commit_hooks_fail_on_a_leak_and_pass_once_it_is_fixed() {
    if std::env::var_os("CONNLINT_SKIP_PRE_COMMIT_TEST").is_some() {
        eprintln!("CONNLINT_SKIP_PRE_COMMIT_TEST is set: the pre-commit hooks are not tested");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    let hooks = Hooks {
        pre_commit: tools::tools().bin("pre-commit"),
        home: tmp.path().join("pre-commit-home"),
        repo,
    };

    // `connlint`: fails on the leak, naming it.
    hooks.write("report.py", LEAKY);
    let (ok, out) = hooks.try_repo("connlint");
    assert!(!ok, "the hook passed on a leak:\n{out}");
    assert!(out.contains("CL101"), "{out}");
    assert!(out.contains("report.py:5:12"), "{out}");
    assert!(out.contains("Failed"), "{out}");

    // Fixed by hand: passes.
    hooks.write("report.py", GUARDED);
    let (ok, out) = hooks.try_repo("connlint");
    assert!(ok, "the hook failed on guarded code:\n{out}");
    assert!(out.contains("Passed"), "{out}");

    // `connlint-fix`: rewrites the canonical shape, fails because it changed a file...
    hooks.write("names.py", CANONICAL);
    let (ok, out) = hooks.try_repo("connlint-fix");
    assert!(
        !ok,
        "the fix hook passed although it changed a file:\n{out}"
    );
    let fixed = std::fs::read_to_string(hooks.repo.join("names.py")).unwrap();
    assert!(
        fixed.contains("with closing(sqlite3.connect(path)) as conn:"),
        "{fixed}"
    );
    // ... and passes on the next run.
    git(&hooks.repo, &["add", "names.py"]);
    let (ok, out) = hooks.try_repo("connlint-fix");
    assert!(ok, "the fix hook failed after fixing:\n{out}");
}
