//! The `gitlab` and `junit` output formats, checked the way their consumers
//! read them:
//!
//! - `gitlab`: every issue validates against the schema GitLab's own Code
//!   Quality parser checks each degradation with (`tests/schemas/codeclimate.json`,
//!   from gitlabhq), plus what GitLab's documentation requires and that schema
//!   does not: a top-level array, `check_name`, one of the five severities,
//!   unique fingerprints, a relative path, `lines.begin` ≥ 1;
//! - `junit`: the document validates against the Jenkins xUnit plugin's
//!   `tests/schemas/junit-10.xsd` with `xmllint` (libxml2-utils; the tests
//!   fail, not skip, without it), and is read back through `xmllint --xpath`
//!   so escaping is checked by a real XML parser.
//!
//! Both are compared with `--output-format json` on the same input: the same
//! findings, in the same order. Provenance of the schemas:
//! `tests/schemas/README.md`.

// Helpers of an integration test: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use support::{CLEAN, MANUAL, Project, Run, run_in};

const CODECLIMATE_SCHEMA: &str = include_str!("schemas/codeclimate.json");

const JUNIT_XSD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemas/junit-10.xsd");

/// Code Climate's severities, the only ones GitLab shows.
const SEVERITIES: [&str; 5] = ["info", "minor", "major", "critical", "blocker"];

/// A finding whose message quotes code with `< > & ' "` and an escape
/// character (CL102 quotes the statement that may raise).
const NEEDS_ESCAPING: &str = "import psycopg2\n\n\ndef f(dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor(name=\"a<b>&'c\x1b\")\n    conn.close()\n";

// ---------------------------------------------------------------- helpers

/// `connlint check --color never --output-format FORMAT ARGS...` in `cwd`.
fn check(cwd: &Path, format: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", "--color", "never", "--output-format", format];
    all.extend_from_slice(args);
    run_in(cwd, &all, None)
}

fn json_findings(cwd: &Path, args: &[&str]) -> Vec<Value> {
    let r = check(cwd, "json", args);
    match serde_json::from_str(&r.stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("json output is not an array: {other:?}\n{r:?}"),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let src = entry.unwrap().path();
        let dst = to.join(src.file_name().unwrap());
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A temporary copy of `examples/outage` (the cache stays out of the repository).
fn outage() -> Project {
    let p = Project::new();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/outage");
    copy_tree(&example, p.root());
    p
}

#[cfg(unix)]
fn mkfifo(p: &Project, rel: &str) {
    let status = Command::new("mkfifo")
        .arg(p.path(rel))
        .status()
        .expect("running mkfifo");
    assert!(status.success(), "mkfifo failed");
}

/// Characters XML 1.0 allows; the junit reporter writes U+FFFD for the rest.
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}'
            | '\u{10000}'.. => c,
            _ => '\u{fffd}',
        })
        .collect()
}

// ---------------------------------------------------------------- gitlab

/// The vendored schema compiled offline: as draft-07 and as 2020-12 (it
/// declares no draft; GitLab's `json_schemer` has defaulted to both).
fn gitlab_validators() -> &'static [(&'static str, jsonschema::Validator)] {
    static V: OnceLock<Vec<(&'static str, jsonschema::Validator)>> = OnceLock::new();
    V.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(CODECLIMATE_SCHEMA).expect("the vendored schema is JSON");
        [
            ("draft-07", jsonschema::Draft::Draft7),
            ("2020-12", jsonschema::Draft::Draft202012),
        ]
        .into_iter()
        .map(|(name, draft)| {
            let v = jsonschema::options()
                .with_draft(draft)
                .offline()
                .build(&schema)
                .unwrap_or_else(|e| panic!("codeclimate.json does not compile as {name}: {e}"));
            (name, v)
        })
        .collect()
    })
}

fn gitlab_schema_errors(issue: &Value) -> Vec<String> {
    gitlab_validators()
        .iter()
        .flat_map(|(name, v)| {
            v.iter_errors(issue)
                .map(move |e| format!("{name}: at `{}`: {e}", e.instance_path()))
        })
        .collect()
}

/// Parses a gitlab report, checks every issue against the schema and GitLab's
/// documented requirements, and checks it says what `json` says.
fn assert_gitlab(text: &str, json: &[Value]) -> Vec<Value> {
    assert!(text.ends_with('\n'), "no final newline:\n{text}");
    let doc: Value = serde_json::from_str(text).expect("gitlab output parses");
    let issues = doc
        .as_array()
        .unwrap_or_else(|| panic!("the top level is not an array: {doc}"))
        .clone();
    let mut fingerprints = BTreeSet::new();
    for (i, issue) in issues.iter().enumerate() {
        let errors = gitlab_schema_errors(issue);
        assert!(
            errors.is_empty(),
            "issue {i} does not validate against codeclimate.json:\n  {}\n{issue:#}",
            errors.join("\n  ")
        );
        let check_name = issue["check_name"].as_str();
        assert!(
            check_name.is_some_and(|c| !c.is_empty()),
            "issue {i}: no check_name: {issue}"
        );
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            SEVERITIES.contains(&severity),
            "issue {i}: severity `{severity}`"
        );
        let fp = issue["fingerprint"].as_str().unwrap();
        assert!(!fp.is_empty(), "issue {i}: empty fingerprint");
        assert!(
            fingerprints.insert(fp.to_owned()),
            "issue {i}: fingerprint {fp} is not unique"
        );
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            !path.is_empty()
                && !path.starts_with('/')
                && !path.starts_with("./")
                && !path.contains('\\'),
            "issue {i}: path `{path}` is not relative with `/` separators"
        );
        let begin = issue["location"]["lines"]["begin"].as_u64();
        assert!(begin.is_some_and(|b| b >= 1), "issue {i}: lines.begin");
        let end = issue["location"]["lines"]["end"].as_u64();
        assert!(end >= begin, "issue {i}: lines.end before lines.begin");
    }
    assert_eq!(
        issues.len(),
        json.len(),
        "gitlab and json report different numbers of findings"
    );
    for (issue, f) in issues.iter().zip(json) {
        assert_eq!(issue["check_name"], f["code"], "{issue}\n{f}");
        assert_eq!(issue["description"], f["message"], "{issue}\n{f}");
        assert_eq!(issue["location"]["path"], f["path"], "{issue}\n{f}");
        assert_eq!(
            issue["location"]["lines"]["begin"], f["start"]["line"],
            "{issue}\n{f}"
        );
        assert_eq!(
            issue["location"]["lines"]["end"], f["end"]["line"],
            "{issue}\n{f}"
        );
        let expected = match f["severity"].as_str() {
            Some("error") => "major",
            Some("warning") => "minor",
            other => panic!("json severity {other:?}"),
        };
        assert_eq!(issue["severity"], expected, "{issue}\n{f}");
    }
    issues
}

/// Runs `gitlab` and `json` on the same input and checks the gitlab report.
fn gitlab_run(cwd: &Path, args: &[&str], code: i32) -> Vec<Value> {
    let json = json_findings(cwd, args);
    let r = check(cwd, "gitlab", args);
    r.expect_code(code);
    assert_gitlab(&r.stdout, &json)
}

#[test]
fn gitlab_schema_rejects_what_gitlab_rejects() {
    // The validators are not vacuous: an issue without a fingerprint, or with
    // a line that is not an integer, is what GitLab's parser stops at.
    let good = serde_json::json!({
        "description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor",
        "location": { "path": "a.py", "lines": { "begin": 1 } },
    });
    assert!(gitlab_schema_errors(&good).is_empty());
    let mut no_fp = good.clone();
    no_fp.as_object_mut().unwrap().remove("fingerprint");
    assert!(!gitlab_schema_errors(&no_fp).is_empty());
    let mut bad_line = good;
    bad_line["location"]["lines"]["begin"] = Value::from("1");
    assert!(!gitlab_schema_errors(&bad_line).is_empty());
}

#[test]
fn gitlab_on_the_outage_example() {
    let p = outage();
    let issues = gitlab_run(p.root(), &["app"], 1);
    assert_eq!(issues.len(), 6, "{issues:#?}");
    let first = &issues[0];
    assert_eq!(first["check_name"], "CL101");
    assert_eq!(first["location"]["path"], "app/api.py");
    assert_eq!(first["location"]["lines"]["begin"], 9);
    // `./app` prints the same paths.
    let dotted = gitlab_run(p.root(), &["./app"], 1);
    assert_eq!(dotted, issues);
}

#[test]
fn gitlab_with_no_findings_is_an_empty_array() {
    let p = Project::new();
    p.file("app/report.py", CLEAN);
    let r = check(p.root(), "gitlab", &[]);
    r.expect_code(0);
    assert_eq!(r.stdout, "[]\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn gitlab_leaves_file_problems_to_stderr() {
    let p = Project::new();
    p.file("latin1.py", b"# caf\xe9\nx = 1\n")
        .file("app.py", MANUAL);
    let issues = gitlab_run(p.root(), &[], 1);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0]["location"]["path"], "app.py");
    let r = check(p.root(), "gitlab", &[]);
    assert!(
        r.stderr.contains("latin1.py") && r.stderr.contains("not valid UTF-8"),
        "{r:?}"
    );
}

#[cfg(unix)]
#[test]
fn gitlab_paths_and_messages_are_json_strings() {
    let p = Project::new();
    p.file("a&b/x<y>'\"z.py", NEEDS_ESCAPING);
    let issues = gitlab_run(p.root(), &[], 1);
    assert!(!issues.is_empty());
    for issue in &issues {
        assert_eq!(issue["location"]["path"], "a&b/x<y>'\"z.py");
    }
    assert!(
        issues
            .iter()
            .any(|i| i["description"].as_str().unwrap().contains("a<b>&'c\u{1b}")),
        "{issues:#?}"
    );
}

/// Two projects checked in one run, with the same file at the same place in
/// each: the json/SARIF fingerprints (rule, project path, function, code)
/// coincide, the GitLab ones must not (GitLab would merge the two issues).
#[test]
fn gitlab_fingerprints_are_unique_across_projects() {
    let p = Project::new();
    for project in ["one", "two"] {
        p.file(&format!("{project}/connlint.toml"), "")
            .file(&format!("{project}/db.py"), MANUAL);
    }
    let json = json_findings(p.root(), &["one", "two"]);
    assert_eq!(json.len(), 2, "{json:#?}");
    assert_eq!(
        json[0]["fingerprint"], json[1]["fingerprint"],
        "the premise: per-project fingerprints coincide"
    );
    let issues = gitlab_run(p.root(), &["one", "two"], 1);
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

#[test]
fn gitlab_fingerprints_survive_lines_inserted_above() {
    let p = outage();
    let fps = |p: &Project| -> Vec<(Value, Value)> {
        gitlab_run(p.root(), &["app"], 1)
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].clone(),
                    i["location"]["lines"]["begin"].clone(),
                )
            })
            .collect()
    };
    let before = fps(&p);
    let api = std::fs::read_to_string(p.path("app/api.py")).unwrap();
    p.file("app/api.py", format!("{}{api}", "\n".repeat(20)));
    let after = fps(&p);
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.0, b.0, "a fingerprint changed");
        assert_eq!(a.1.as_u64().unwrap(), b.1.as_u64().unwrap() + 20);
    }
}

// ---------------------------------------------------------------- junit

/// `xmllint ARGS`; a missing `xmllint` fails the test and says what to install.
fn xmllint(args: &[&str]) -> std::process::Output {
    match Command::new("xmllint").args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`xmllint` is not installed; the JUnit output is validated against \
             tests/schemas/junit-10.xsd with it. Install libxml2-utils \
             (`apt-get install -y libxml2-utils` on Debian/Ubuntu) and rerun"
        ),
        Err(e) => panic!("running xmllint: {e}"),
    }
}

/// A JUnit document on disk, read back through xmllint.
struct Xml {
    _dir: tempfile::TempDir,
    path: PathBuf,
    text: String,
}

impl Xml {
    fn new(text: &str) -> Xml {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xml");
        std::fs::write(&path, text).unwrap();
        Xml {
            _dir: dir,
            path,
            text: text.to_owned(),
        }
    }

    /// Schema violations reported by xmllint, or `None` when it validates.
    fn schema_errors(&self) -> Option<String> {
        let out = xmllint(&[
            "--noout",
            "--schema",
            JUNIT_XSD,
            self.path.to_str().unwrap(),
        ]);
        (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// The string value of an XPath 1.0 expression, as a parser reads it.
    fn xpath(&self, expr: &str) -> String {
        let out = xmllint(&["--xpath", expr, self.path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "xmllint --xpath {expr}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut s = String::from_utf8(out.stdout).unwrap();
        // xmllint ends its answer with a newline of its own.
        assert_eq!(s.pop(), Some('\n'));
        s
    }

    fn number(&self, expr: &str) -> usize {
        let s = self.xpath(expr);
        s.parse()
            .unwrap_or_else(|_| panic!("`{expr}` is `{s}`, not a count"))
    }
}

/// Validates a junit report, checks its counts against its elements and its
/// failures against the json findings, one for one and in order.
fn assert_junit(text: &str, json: &[Value]) -> Xml {
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "no XML declaration:\n{text}"
    );
    assert!(text.ends_with('\n'), "no final newline");
    let xml = Xml::new(text);
    if let Some(errors) = xml.schema_errors() {
        panic!("the junit report does not validate against junit-10.xsd:\n{errors}\n{text}");
    }
    assert_eq!(xml.number("count(/testsuites)"), 1);
    assert_eq!(xml.number("count(/testsuites/testsuite)"), 1);
    assert_eq!(xml.xpath("string(/testsuites/@name)"), "connlint");
    assert_eq!(xml.xpath("string(/testsuites/testsuite/@name)"), "connlint");
    let cases = xml.number("count(//testcase)");
    let failed = xml.number("count(//testcase[failure])");
    let errored = xml.number("count(//testcase[error])");
    for element in ["/testsuites", "/testsuites/testsuite"] {
        for (attr, n) in [("tests", cases), ("failures", failed), ("errors", errored)] {
            assert_eq!(
                xml.number(&format!("number({element}/@{attr})")),
                n,
                "{element}/@{attr}\n{text}"
            );
        }
    }
    assert_eq!(
        xml.number("count(//testcase[@classname != 'connlint'])"),
        0,
        "{text}"
    );
    assert_eq!(xml.number("count(//testcase[@file != @name])"), 0, "{text}");
    // One failure per finding, in the json order, each under its file's case.
    assert_eq!(
        xml.number("count(//failure)"),
        json.len(),
        "junit and json report different numbers of findings\n{text}"
    );
    for (k, f) in json.iter().enumerate() {
        let at = format!("(//failure)[{}]", k + 1);
        let code = f["code"].as_str().unwrap();
        let message = xml_safe(f["message"].as_str().unwrap());
        let path = f["path"].as_str().unwrap();
        assert_eq!(xml.xpath(&format!("string({at}/@type)")), code);
        assert_eq!(
            xml.xpath(&format!("string({at}/@message)")),
            format!("{code}: {message}")
        );
        assert_eq!(
            xml.xpath(&format!("string({at})")),
            format!(
                "{path}:{}:{}: {code} {message}",
                f["start"]["line"], f["start"]["column"]
            )
        );
        assert_eq!(xml.xpath(&format!("string({at}/../@name)")), path);
    }
    // One case per file with findings.
    let paths: BTreeSet<&str> = json.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(failed, paths.len(), "{text}");
    xml
}

/// Runs `junit` and `json` on the same input and checks the junit report.
fn junit_run(cwd: &Path, args: &[&str], code: i32) -> Xml {
    let json = json_findings(cwd, args);
    let r = check(cwd, "junit", args);
    r.expect_code(code);
    assert_junit(&r.stdout, &json)
}

#[test]
fn junit_schema_rejects_what_the_xunit_plugin_rejects() {
    // The schema check is not vacuous: a test case without a name, or a
    // failure outside a test case, does not validate.
    let valid = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite tests=\"1\"><testcase name=\"a\"><failure message=\"m\">t</failure></testcase></testsuite></testsuites>\n";
    assert_eq!(Xml::new(valid).schema_errors(), None);
    for invalid in [
        "<testsuites><testsuite tests=\"1\"><testcase classname=\"x\"/></testsuite></testsuites>",
        "<testsuites><testsuite tests=\"1\"><failure/></testsuite></testsuites>",
        "<testsuites><testsuite><testcase name=\"a\"/></testsuite></testsuites>",
    ] {
        assert!(
            Xml::new(invalid).schema_errors().is_some(),
            "validates: {invalid}"
        );
    }
}

#[test]
fn junit_on_the_outage_example() {
    let p = outage();
    let xml = junit_run(p.root(), &["app"], 1);
    assert_eq!(xml.number("count(//testcase)"), 1, "{}", xml.text);
    assert_eq!(xml.xpath("string(//testcase/@name)"), "app/api.py");
    assert_eq!(xml.number("count(//failure)"), 6);
    assert_eq!(
        xml.xpath("string(//property[@name='files_checked']/@value)"),
        "3"
    );
}

#[test]
fn junit_with_no_findings_is_an_empty_suite() {
    let p = Project::new();
    p.file("app/report.py", CLEAN);
    let r = check(p.root(), "junit", &[]);
    r.expect_code(0);
    assert_eq!(r.stderr, "");
    let xml = assert_junit(&r.stdout, &[]);
    assert_eq!(xml.number("count(//testcase)"), 0);
    assert_eq!(xml.number("number(/testsuites/@tests)"), 0);
    assert_eq!(
        xml.xpath("string(//property[@name='files_checked']/@value)"),
        "1"
    );
}

/// A file that cannot be read is a case with an `<error>`; a warning about a
/// path (here a FIFO named like a Python file) is a passing case's
/// `<system-err>`; the file with a finding is a failed case.
#[test]
fn junit_file_problems_are_errors_and_warnings_are_system_err() {
    let p = Project::new();
    p.file("latin1.py", b"# caf\xe9\nx = 1\n")
        .file("app.py", MANUAL);
    #[cfg(unix)]
    mkfifo(&p, "pipe.py");
    let xml = junit_run(p.root(), &[], 1);
    let t = &xml.text;
    assert_eq!(
        xml.number("count(//testcase[@name='latin1.py']/error)"),
        1,
        "{t}"
    );
    assert_eq!(
        xml.number("count(//testcase[@name='latin1.py']/failure)"),
        0,
        "{t}"
    );
    assert!(
        xml.xpath("string(//testcase[@name='latin1.py']/error/@message)")
            .contains("not valid UTF-8"),
        "{t}"
    );
    assert_eq!(
        xml.number("count(//testcase[@name='app.py']/failure)"),
        1,
        "{t}"
    );
    assert_eq!(xml.number("number(/testsuites/@errors)"), 1, "{t}");
    assert_eq!(xml.number("number(/testsuites/@failures)"), 1, "{t}");
    if cfg!(unix) {
        assert_eq!(xml.number("count(//testcase)"), 3, "{t}");
        assert_eq!(
            xml.number("count(//testcase[@name='pipe.py'][not(failure) and not(error)])"),
            1,
            "{t}"
        );
        let err = xml.xpath("string(//testcase[@name='pipe.py']/system-err)");
        assert!(
            err.starts_with("warning: pipe.py: not a regular file"),
            "{err}"
        );
    }
    // Cases in path order, as the report sorts files.
    let names: Vec<String> = (1..=xml.number("count(//testcase)"))
        .map(|i| xml.xpath(&format!("string((//testcase)[{i}]/@name)")))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[cfg(unix)]
#[test]
fn junit_escapes_paths_and_messages() {
    let p = Project::new();
    p.file("a&b/x<y>'\"z.py", NEEDS_ESCAPING);
    let xml = junit_run(p.root(), &[], 1);
    let t = &xml.text;
    assert!(
        !t.contains('\u{1b}'),
        "a character XML 1.0 does not allow:\n{t}"
    );
    assert_eq!(xml.xpath("string(//testcase/@name)"), "a&b/x<y>'\"z.py");
    let messages: Vec<String> = (1..=xml.number("count(//failure)"))
        .map(|i| xml.xpath(&format!("string((//failure)[{i}]/@message)")))
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("a<b>&'c\u{fffd}")),
        "{messages:?}"
    );
}

// ---------------------------------------------------------------- both

/// The new formats change what is printed, never the exit code: 1 with
/// findings, 0 with `--exit-zero` or without findings; `-o` writes the bytes
/// stdout would have had.
#[test]
fn exit_codes_and_output_files_are_those_of_every_format() {
    let p = outage();
    let clean = Project::new();
    clean.file("app/report.py", CLEAN);
    for format in ["json", "sarif", "gitlab", "junit"] {
        check(p.root(), format, &["app"]).expect_code(1);
        check(p.root(), format, &["--exit-zero", "app"]).expect_code(0);
        check(clean.root(), format, &[]).expect_code(0);
        let stdout = check(p.root(), format, &["app"]).stdout;
        let file = p.path(&format!("report.{format}"));
        let r = check(
            p.root(),
            format,
            &["-o", file.to_str().unwrap(), "--exit-zero", "app"],
        );
        r.expect_code(0);
        assert_eq!(r.stdout, "", "{format}: stdout with -o");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout, "{format}");
    }
}

#[test]
fn help_lists_the_formats() {
    let p = Project::new();
    let r = run_in(p.root(), &["check", "--help"], None);
    r.expect_code(0);
    for text in [
        "gitlab",
        "GitLab Code Quality report (JSON)",
        "junit",
        "JUnit XML: a test case per file, a failure per finding",
    ] {
        assert!(r.stdout.contains(text), "`{text}` not in:\n{}", r.stdout);
    }
}

/// The golden files of `tests/output.rs` (`tests/snapshots/`) are valid too,
/// so a snapshot update cannot bless an invalid report.
#[test]
fn golden_files_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let Value::Array(json) = serde_json::from_str(&read("small_project.json")).unwrap() else {
        panic!("small_project.json is not an array");
    };
    assert_eq!(
        assert_gitlab(&read("small_project.gitlab.json"), &json).len(),
        6
    );
    assert_junit(&read("small_project.junit.xml"), &json);
}

/// The vendored schemas are the published files (tests/schemas/README.md
/// gives their SHA-256); an edit to either fails here.
#[test]
fn vendored_schemas_are_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas");
    for (name, len, fnv) in [
        ("codeclimate.json", 842, 0x02b6_264c_0e49_da2b_u64),
        ("junit-10.xsd", 7522, 0x0478_c9c5_dc15_2686_u64),
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(bytes.len(), len, "{name}: size");
        assert_eq!(
            connlint::hash::fnv1a(&bytes),
            fnv,
            "{name}: FNV-1a {:#018x}",
            connlint::hash::fnv1a(&bytes)
        );
    }
}
