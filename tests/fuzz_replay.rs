//! Replays every saved fuzz input through the fuzz targets' own bodies
//! (`connlint::fuzzing`): the seeds (the fixtures, and `fuzz/seeds/`), the
//! minimised corpora the campaigns left (`fuzz/corpus/`), and every input that
//! once crashed (`fuzz/regressions/`).
//! The campaigns themselves need cargo-fuzz and a nightly compiler
//! (`fuzz/README.md`); this runs on the stable one, in CI.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["seeds", "corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            out.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file()),
            );
        }
    }
    // The python and rust targets are seeded with the fixtures.
    let ext = match target {
        "python" => "py",
        "rust" => "rs",
        _ => "",
    };
    out.extend(
        connlint::fuzzing::fixture_files()
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p.extension().is_some_and(|e| e == ext)),
    );
    out.sort();
    out
}

fn replay(target: &str, body: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "no saved inputs for the `{target}` target"
    );
    let mut failures = Vec::new();
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            failures.push(path.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} `{target}` inputs fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn python_inputs() {
    replay("python", connlint::fuzzing::python);
}

#[test]
fn rust_inputs() {
    replay("rust", connlint::fuzzing::rust);
}

#[test]
fn config_inputs() {
    replay("config", connlint::fuzzing::config);
}

#[test]
fn fixture_mutation_inputs() {
    replay("fixtures", connlint::fuzzing::fixtures);
}

#[test]
fn a_missing_quote_is_reported_as_a_syntax_error() {
    // The first crash the python target found: a line cut inside a string
    // left a file whose only parse error was an anonymous missing `"`, which
    // was not reported as a syntax error, so `--fix` rewrote the file.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/python/missing-quote-not-a-syntax-error");
    let data = std::fs::read(path).expect("the regression input is committed");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("app.py");
    std::fs::write(&file, &data).expect("write");
    let report = connlint::check(&connlint::RunOptions {
        paths: vec![file],
        jobs: 1,
        cwd: dir.path().to_owned(),
        ..connlint::RunOptions::default()
    })
    .expect("run");
    let codes: Vec<&str> = report.diagnostics().map(|(_, d)| d.rule.code).collect();
    assert!(
        codes.contains(&connlint::rules::SYNTAX_ERROR.code),
        "{codes:?}"
    );
}
