//! Rendering of every output format (the fixtures check *which* findings;
//! these tests check how they are *written*):
//!
//! - golden files in `tests/snapshots/` for the README's example project
//!   (`examples/outage/`, the shape of the outage behind connlint);
//!   `UPDATE_SNAPSHOTS=1 cargo test --test output` rewrites them, and without
//!   it a missing or different snapshot fails with a line diff;
//! - the JSON schema (exact keys), fingerprints that survive unrelated edits,
//!   the same bytes for any `--jobs`, and GitHub workflow-command escaping.
//!
//! The real binary is run (`CARGO_BIN_EXE_connlint`) where the bytes on
//! stdout are the point; the library where a report is built by hand.

// Helpers of an integration test: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use serde_json::Value;

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "junit",
];

const DB_PY: &str = include_str!("../examples/outage/app/db.py");

const API_PY: &str = include_str!("../examples/outage/app/api.py");

// ---------------------------------------------------------------- helpers

fn write_file(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The small project of the golden files: a pool module and an API module.
fn small_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "app/__init__.py", b"");
    write_file(dir.path(), "app/db.py", DB_PY.as_bytes());
    write_file(dir.path(), "app/api.py", API_PY.as_bytes());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for src in entries {
        let dst = to.join(src.file_name().unwrap());
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A temporary copy of `fixtures/python`, with `fixtures/rust` under `rust/`.
fn fixture_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    copy_tree(&fixtures.join("python"), dir.path());
    copy_tree(&fixtures.join("rust"), &dir.path().join("rust"));
    dir
}

/// `connlint check --color never --output-format FORMAT ARGS...` in `cwd`.
fn connlint(cwd: &Path, format: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connlint"))
        .current_dir(cwd)
        .args(["check", "--color", "never", "--output-format", format])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the connlint binary runs")
}

/// Stdout of a run that has findings (exit code 1) and no file problems.
fn stdout_of(cwd: &Path, format: &str, args: &[&str]) -> String {
    let out = connlint(cwd, format, args);
    let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "connlint {format} {args:?}: expected exit code 1 (findings)\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stderr.is_empty(), "unexpected stderr:\n{stderr}");
    stdout
}

fn json_findings(cwd: &Path, args: &[&str]) -> Vec<Value> {
    let text = stdout_of(cwd, "json", args);
    match serde_json::from_str(&text).expect("json output parses") {
        Value::Array(items) => items,
        other => panic!("json output is not an array: {other}"),
    }
}

/// Makes a SARIF document independent of where and with which version it
/// ran: the `%SRCROOT%` uri (the temporary directory), the tool version, and
/// the rule pages used as help.
fn normalise_sarif(text: &str, root: &Path) -> String {
    let mut doc: Value = serde_json::from_str(text).expect("sarif output parses");
    // The normalised text is re-serialised; make sure that alone changes nothing.
    assert_eq!(
        serde_json::to_string_pretty(&doc).unwrap() + "\n",
        text,
        "SARIF output is not serde_json's pretty form plus a newline"
    );
    let run = &mut doc["runs"][0];
    let base = &mut run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    let uri = base.as_str().expect("%SRCROOT% has a uri").to_owned();
    let root = root.to_str().unwrap();
    assert_eq!(
        uri,
        format!("file://{root}/"),
        "%SRCROOT% is the working directory"
    );
    *base = Value::from("file:///[TMP]/");
    let driver = &mut run["tool"]["driver"];
    for key in ["version", "semanticVersion"] {
        assert_eq!(driver[key], env!("CARGO_PKG_VERSION"), "driver.{key}");
        driver[key] = Value::from("[VERSION]");
    }
    // A rule's help is its whole page (`rules/CLnnn.md`): check it is, then
    // keep the page out of the snapshot so editing a page does not churn it.
    for rule in driver["rules"].as_array_mut().unwrap() {
        let id = rule["id"].as_str().unwrap().to_owned();
        let page = connlint::rules::RULES
            .iter()
            .map(|r| r.meta())
            .chain(connlint::rules::PSEUDO_RULES)
            .find(|m| m.code == id)
            .unwrap_or_else(|| panic!("unknown rule {id} in driver.rules"))
            .doc;
        for key in ["text", "markdown"] {
            assert_eq!(rule["help"][key], page, "{id}: help.{key} is the rule page");
            rule["help"][key] = Value::from(format!("[page of {id}]"));
        }
    }
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

/// A line diff (longest common subsequence) of two texts, in hunks with two
/// lines of context, `-` for expected and `+` for actual.
fn line_diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // (tag, expected line number, text)
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            ops.push((' ', i + 1, old[i]));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i + 1, old[i]));
            i += 1;
        } else {
            ops.push(('+', i + 1, new[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut last_printed: Option<usize> = None;
    let mut printed = 0;
    for &k in &changed {
        let from = k.saturating_sub(2);
        let to = (k + 2).min(ops.len() - 1);
        for (idx, op) in ops.iter().enumerate().take(to + 1).skip(from) {
            if last_printed.is_some_and(|l| idx <= l) {
                continue;
            }
            if last_printed.is_none_or(|l| idx > l + 1) {
                let _ = writeln!(out, "@@ expected line {} @@", op.1);
            }
            let _ = writeln!(out, "{}{}", op.0, op.2);
            last_printed = Some(idx);
            printed += 1;
        }
        if printed > 120 {
            out.push_str("... (diff truncated)\n");
            break;
        }
    }
    if out.is_empty() && expected != actual {
        out.push_str("(the texts differ only in line endings or a final newline)\n");
    }
    out
}

/// Compares `actual` with `tests/snapshots/NAME`; `UPDATE_SNAPSHOTS=1` writes it instead.
fn assert_snapshot(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let old = std::fs::read_to_string(&path).ok();
        if old.as_deref() != Some(actual) {
            std::fs::write(&path, actual).unwrap();
        }
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        panic!(
            "snapshot {} is missing; create it with `UPDATE_SNAPSHOTS=1 cargo test --test output` and review it",
            path.display()
        );
    };
    assert!(
        expected == actual,
        "output differs from snapshot {} (- snapshot, + actual); if the change is intended, \
         rerun with UPDATE_SNAPSHOTS=1 and review the diff:\n{}",
        path.display(),
        line_diff(&expected, actual)
    );
}

// ---------------------------------------------------------------- golden files

fn golden(format: &str, file: &str) {
    let project = small_project();
    let root = project.path();
    let mut out = stdout_of(root, format, &["app"]);
    if format == "sarif" {
        out = normalise_sarif(&out, root);
    }
    assert!(
        !out.contains(root.to_str().unwrap()),
        "{format} output names the temporary directory:\n{out}"
    );
    assert_snapshot(file, &out);
}

#[test]
fn golden_human() {
    golden("human", "small_project.human.txt");
}

#[test]
fn golden_concise() {
    golden("concise", "small_project.concise.txt");
}

#[test]
fn golden_json() {
    golden("json", "small_project.json");
}

#[test]
fn golden_sarif() {
    golden("sarif", "small_project.sarif.json");
}

#[test]
fn golden_github() {
    golden("github", "small_project.github.txt");
}

#[test]
fn golden_gitlab() {
    golden("gitlab", "small_project.gitlab.json");
}

#[test]
fn golden_junit() {
    golden("junit", "small_project.junit.xml");
}

/// The golden files show what the test project is meant to show.
#[test]
fn golden_project_has_the_expected_findings() {
    let project = small_project();
    let concise = stdout_of(project.path(), "concise", &["app"]);
    let lines: Vec<&str> = concise.lines().collect();
    let heads: Vec<String> = lines
        .iter()
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        heads,
        [
            "app/api.py:9:12: CL101",
            "app/api.py:9:12: CL102",
            "app/api.py:14:5: CL104",
            "app/api.py:19:14: CL101",
            "app/api.py:19:14: CL103",
            "app/api.py:19:14: CL201",
        ],
        "{concise}"
    );
    let human = stdout_of(project.path(), "human", &["app"]);
    assert!(
        !human.contains('\x1b'),
        "`--color never` output has escape codes"
    );
}

#[test]
fn snapshot_diff_is_readable() {
    let diff = line_diff("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    assert_eq!(
        diff, "@@ expected line 1 @@\n a\n-b\n+B\n c\n d\n+e\n",
        "{diff}"
    );
}

// ---------------------------------------------------------------- json

const JSON_KEYS: [&str; 12] = [
    "code",
    "name",
    "severity",
    "message",
    "path",
    "start",
    "end",
    "labels",
    "help",
    "notes",
    "fix",
    "fingerprint",
];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn check_position(v: &Value, what: &str) {
    assert_eq!(keys(v), BTreeSet::from(["line", "column"]), "{what}: {v}");
    assert!(v["line"].as_u64().is_some_and(|l| l >= 1), "{what}: {v}");
    assert!(v["column"].as_u64().is_some_and(|c| c >= 1), "{what}: {v}");
}

fn check_finding(f: &Value) {
    let what = format!("{}:{} {}", f["path"], f["start"]["line"], f["code"]);
    assert_eq!(
        keys(f),
        BTreeSet::from(JSON_KEYS),
        "{what}: keys of a json finding"
    );
    for key in ["code", "name", "message", "path", "fingerprint"] {
        assert!(
            f[key].as_str().is_some_and(|s| !s.is_empty()),
            "{what}: `{key}` is not a non-empty string"
        );
    }
    assert!(
        ["error", "warning"].contains(&f["severity"].as_str().unwrap_or("")),
        "{what}: severity {}",
        f["severity"]
    );
    let path = f["path"].as_str().unwrap();
    assert!(
        !path.starts_with('/') && !path.contains('\\'),
        "{what}: path `{path}` is not relative with `/`"
    );
    check_position(&f["start"], &what);
    check_position(&f["end"], &what);
    let pos = |v: &Value| (v["line"].as_u64(), v["column"].as_u64());
    assert!(
        pos(&f["start"]) <= pos(&f["end"]),
        "{what}: start after end"
    );
    for label in f["labels"].as_array().expect("labels is an array") {
        assert_eq!(
            keys(label),
            BTreeSet::from(["message", "start", "end"]),
            "{what}: label {label}"
        );
        assert!(label["message"].is_string(), "{what}: label {label}");
        check_position(&label["start"], &what);
        check_position(&label["end"], &what);
    }
    assert!(
        f["help"].is_null() || f["help"].is_string(),
        "{what}: help {}",
        f["help"]
    );
    assert!(
        f["notes"]
            .as_array()
            .expect("notes is an array")
            .iter()
            .all(Value::is_string),
        "{what}: notes"
    );
    match &f["fix"] {
        Value::Null => {}
        fix => {
            assert_eq!(
                keys(fix),
                BTreeSet::from(["title", "applicability", "edits"]),
                "{what}: fix {fix}"
            );
            assert!(
                ["safe", "unsafe", "display-only"]
                    .contains(&fix["applicability"].as_str().unwrap_or("")),
                "{what}: fix {fix}"
            );
            for e in fix["edits"].as_array().expect("edits is an array") {
                assert_eq!(
                    keys(e),
                    BTreeSet::from(["start", "end", "content"]),
                    "{what}: edit {e}"
                );
                check_position(&e["start"], &what);
                check_position(&e["end"], &what);
                assert!(e["content"].is_string(), "{what}: edit {e}");
            }
        }
    }
}

#[test]
fn json_findings_have_exactly_the_documented_keys() {
    let tree = fixture_tree();
    let items = json_findings(tree.path(), &["."]);
    assert!(items.len() > 10, "the fixture tree has findings");
    for f in &items {
        check_finding(f);
    }
    // Sorted by path, line, column and code, as documented.
    let order: Vec<(String, u64, u64, String)> = items
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "json findings are not sorted");
    let fingerprints: BTreeSet<&str> = items
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        items.len(),
        "two findings share a fingerprint"
    );

    let project = small_project();
    for f in &json_findings(project.path(), &["app"]) {
        check_finding(f);
    }
}

#[test]
fn json_columns_count_code_points() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "report.py",
        "import psycopg2\n\n\ndef f(dsn):\n    données = psycopg2.connect(dsn)\n    return données.cursor()\n"
            .as_bytes(),
    );
    let items = json_findings(dir.path(), &["report.py"]);
    assert!(!items.is_empty());
    for f in &items {
        assert_eq!(
            f["start"],
            serde_json::json!({"line": 5, "column": 15}),
            "{f}"
        );
        assert_eq!(
            f["end"],
            serde_json::json!({"line": 5, "column": 36}),
            "{f}"
        );
    }
}

// ---------------------------------------------------------------- fingerprints

/// (code, start line, fingerprint) of each json finding, and the SARIF partialFingerprints.
fn fingerprints_of(root: &Path) -> (Vec<(String, u64, String)>, Vec<Value>) {
    let json = json_findings(root, &["app"])
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["start"]["line"].as_u64().unwrap(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let sarif: Value = serde_json::from_str(&stdout_of(root, "sarif", &["app"])).unwrap();
    let partial = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"].clone())
        .collect();
    (json, partial)
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let project = small_project();
    let root = project.path();
    let (before, sarif_before) = fingerprints_of(root);
    assert_eq!(before.len(), 6);

    write_file(
        root,
        "app/api.py",
        format!("{}{API_PY}", "\n".repeat(20)).as_bytes(),
    );
    let (after, sarif_after) = fingerprints_of(root);
    assert_eq!(after.len(), before.len(), "{before:?}\n{after:?}");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.0, b.0, "same rule");
        assert_eq!(a.1, b.1 + 20, "the finding moved down 20 lines");
        assert_eq!(a.2, b.2, "the fingerprint of {} changed", b.0);
    }
    assert_eq!(
        sarif_after, sarif_before,
        "SARIF partialFingerprints changed"
    );

    // An unrelated function above, and an unrelated edit inside the module.
    let edited = API_PY
        .replace(
            "\n\ndef list_users():",
            "\n\ndef health():\n    return {\"ok\": True}\n\n\ndef list_users():",
        )
        .replace(
            "SELECT id, name FROM users",
            "SELECT id, name, email FROM users",
        );
    write_file(root, "app/api.py", edited.as_bytes());
    let (edited_fps, _) = fingerprints_of(root);
    assert_eq!(
        edited_fps.iter().map(|f| &f.2).collect::<Vec<_>>(),
        before.iter().map(|f| &f.2).collect::<Vec<_>>(),
        "an unrelated edit changed fingerprints"
    );
}

// ---------------------------------------------------------------- determinism

#[test]
fn output_is_the_same_for_any_number_of_jobs() {
    let tree = fixture_tree();
    let root = tree.path();
    // Files that do not parse or cannot be read, so their ordering is covered too.
    write_file(
        root,
        "broken/syntax_error.py",
        b"import psycopg2\n\n\ndef broken(:\n    pass\n\n\ndef leak():\n    conn = psycopg2.connect(\"dbname=app\")\n    return conn.cursor()\n",
    );
    write_file(root, "broken/latin1.py", b"# caf\xe9\nx = 1\n");
    write_file(root, "broken/binary.py", b"\x00\x01import os\n");
    for format in FORMATS {
        let mut reference: Option<(Vec<u8>, Vec<u8>, Option<i32>)> = None;
        // Repeated runs catch races; one format is enough for that, every
        // format is still compared across thread counts.
        let rounds = if format == "concise" { 3 } else { 1 };
        for round in 0..rounds {
            for jobs in ["1", "2", "8"] {
                let out = connlint(root, format, &["--jobs", jobs, "."]);
                let got = (out.stdout, out.stderr, out.status.code());
                assert_eq!(got.2, Some(1), "{format} --jobs {jobs}: exit code");
                match &reference {
                    None => reference = Some(got),
                    Some(r) => {
                        assert!(
                            *r == got,
                            "{format}: --jobs {jobs} (round {round}) differs from --jobs 1 (round 0):\nstdout:\n{}\nstderr:\n{}",
                            line_diff(
                                &String::from_utf8_lossy(&r.0),
                                &String::from_utf8_lossy(&got.0)
                            ),
                            line_diff(
                                &String::from_utf8_lossy(&r.1),
                                &String::from_utf8_lossy(&got.1)
                            ),
                        );
                    }
                }
            }
        }
        let (stdout, stderr, _) = reference.unwrap();
        assert!(stdout.len() > 100, "{format}: no output");
        let stderr = String::from_utf8(stderr).unwrap();
        assert!(
            stderr.contains("broken/latin1.py") && stderr.contains("broken/binary.py"),
            "{format}: file problems on stderr:\n{stderr}"
        );
    }
}

// ---------------------------------------------------------------- github

/// Undoes workflow-command escaping: `%25`, `%0D`, `%0A`, `%3A`, `%2C`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find('%') {
        out.push_str(&rest[..pos]);
        let code = rest.get(pos + 1..pos + 3).unwrap_or("");
        out.push(match code {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" => ':',
            "2C" => ',',
            _ => panic!("`%` not followed by a known escape in `{s}`"),
        });
        rest = &rest[pos + 3..];
    }
    out.push_str(rest);
    out
}

/// A parsed workflow command: `::name key=value,key=value::data`.
#[derive(Debug)]
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    data: String,
}

/// Parses one line the way the Actions runner does: the command ends at the
/// first space, properties at the first `::` after it, and both properties
/// and data are unescaped.
fn parse_command(line: &str) -> WorkflowCommand {
    let body = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let (head, data) = body
        .split_once("::")
        .unwrap_or_else(|| panic!("no `::` before the data: {line}"));
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    assert!(
        !data.contains('\n') && !data.contains('\r'),
        "raw line break in {line:?}"
    );
    let properties = if props.is_empty() {
        Vec::new()
    } else {
        props
            .split(',')
            .map(|kv| {
                let (k, v) = kv
                    .split_once('=')
                    .unwrap_or_else(|| panic!("property without `=`: `{kv}` in {line}"));
                assert!(!v.contains(':'), "unescaped `:` in property {k}: {line}");
                (k.to_owned(), unescape(v))
            })
            .collect()
    };
    WorkflowCommand {
        name: name.to_owned(),
        properties,
        data: unescape(data),
    }
}

fn property<'a>(c: &'a WorkflowCommand, key: &str) -> &'a str {
    c.properties
        .iter()
        .find(|(k, _)| k == key)
        .map_or_else(|| panic!("no `{key}` in {c:?}"), |(_, v)| v.as_str())
}

/// Messages and paths with every character that needs escaping, written
/// through the public API with a report built by hand.
#[test]
fn github_escapes_data_and_properties() {
    use connlint::diagnostic::Diagnostic;
    use connlint::discover::Problem;
    use connlint::source::{Lang, SourceFile, TextRange};
    use connlint::{FileReport, Report};

    let rule = connlint::rules::RULES[0].meta();
    let text = "conn = psycopg2.connect(DSN)\n";
    let source = SourceFile::new(
        PathBuf::from("app/100%,v2:old.py"),
        text.to_owned(),
        Lang::Python,
    );
    let message = "50% of `conn`: leaked, twice\r\nsecond line";
    let help = "use `with`: a, b; 100%";
    let diagnostic = Diagnostic::new(rule, TextRange::new(7, 28), message).help(help);
    let mut report = Report::default();
    report.files.push(FileReport {
        source: Arc::new(source),
        project_path: PathBuf::from("app/100%,v2:old.py"),
        diagnostics: vec![diagnostic],
        fingerprints: None,
    });
    report.problems.push(Problem {
        path: PathBuf::from("bad:dir,x/f%.py"),
        message: "not valid UTF-8 (line 1, byte 5)\nskipped: 100%".to_owned(),
        error: true,
    });
    let mut out = Vec::new();
    connlint::report::write(
        connlint::report::Format::Github,
        &report,
        connlint::report::Options::default(),
        &mut out,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    let level = rule.severity.as_str();
    let code = rule.code;
    let name = rule.name;
    assert_eq!(
        out,
        format!(
            "::{level} title={code} {name},file=app/100%25%2Cv2%3Aold.py,line=1,col=8,endLine=1,endColumn=29::\
             50%25 of `conn`: leaked, twice%0D%0Asecond line%0Ahelp: use `with`: a, b; 100%25\n\
             ::error file=bad%3Adir%2Cx/f%25.py::not valid UTF-8 (line 1, byte 5)%0Askipped: 100%25\n"
        )
    );

    // And the runner reads back exactly what was meant.
    let commands: Vec<WorkflowCommand> = out.lines().map(parse_command).collect();
    assert_eq!(commands.len(), 2);
    assert_eq!(commands[0].name, level);
    assert_eq!(property(&commands[0], "file"), "app/100%,v2:old.py");
    assert_eq!(property(&commands[0], "title"), format!("{code} {name}"));
    assert_eq!(commands[0].data, format!("{message}\nhelp: {help}"));
    assert_eq!(commands[1].name, "error");
    assert_eq!(property(&commands[1], "file"), "bad:dir,x/f%.py");
    assert_eq!(
        commands[1].data,
        "not valid UTF-8 (line 1, byte 5)\nskipped: 100%"
    );
}

/// The same through the binary, with a real file whose name needs escaping.
#[cfg(unix)]
#[test]
fn github_escapes_real_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let leak = "import psycopg2\n\n\ndef f(dsn):\n    conn = psycopg2.connect(dsn)\n    return conn.cursor()\n";
    write_file(dir.path(), "jobs/v1,legacy:100%.py", leak.as_bytes());
    let out = stdout_of(dir.path(), "github", &["."]);
    assert!(!out.is_empty());
    for line in out.lines() {
        assert!(
            line.contains(",file=jobs/v1%2Clegacy%3A100%25.py,"),
            "file property not escaped: {line}"
        );
        let c = parse_command(line);
        assert_eq!(property(&c, "file"), "jobs/v1,legacy:100%.py");
        assert_eq!(property(&c, "line"), "5");
        // Help is on a second line of the annotation, escaped as %0A.
        assert!(line.contains("%0Ahelp: "), "{line}");
        assert!(c.data.contains("\nhelp: "), "{c:?}");
    }
}
