//! SARIF output: every document validates against the official SARIF 2.1.0
//! schema (vendored in `tests/sarif-schema-2.1.0.json`, validated offline) and
//! meets what GitHub code scanning needs to ingest it: relative `uri`s with a
//! `uriBaseId`, `partialFingerprints`, rule help in Markdown, tags and levels.
//!
//! The fixture tree is copied to a temporary directory and checked from there,
//! as `cd tree && connlint check --output-format sarif .` would.

// Helpers of an integration test: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use connlint::report::{self, Format};
use connlint::settings::Overrides;
use connlint::{Report, RunOptions};
use serde_json::Value;

const SCHEMA: &str = include_str!("sarif-schema-2.1.0.json");

/// Validators for the vendored schema, built once. The schema is the OASIS
/// errata01 document: it declares draft-04 and names itself with `id`, and
/// every `$ref` in it is local (`#/definitions/...`). `offline()` turns any
/// attempt to fetch a remote resource into an error instead of a network call,
/// and formats are asserted, not just noted.
///
/// It is compiled twice: as draft-04 (what it declares) and as draft-07 (what
/// the schemastore copy of the same schema declares). The schema uses no
/// keyword whose meaning differs between the two, but draft-04 does not know
/// the `uri-reference` format of `artifactLocation.uri`, so only the draft-07
/// pass checks that relative uris are well formed.
fn validators() -> &'static [(&'static str, jsonschema::Validator)] {
    static V: OnceLock<Vec<(&'static str, jsonschema::Validator)>> = OnceLock::new();
    V.get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMA).expect("the vendored schema is JSON");
        [
            ("draft-04", jsonschema::Draft::Draft4),
            ("draft-07", jsonschema::Draft::Draft7),
        ]
        .into_iter()
        .map(|(name, draft)| {
            let v = jsonschema::options()
                .with_draft(draft)
                .should_validate_formats(true)
                .offline()
                .build(&schema)
                .unwrap_or_else(|e| {
                    panic!("the vendored SARIF schema does not compile offline as {name}: {e}")
                });
            (name, v)
        })
        .collect()
    })
}

/// Every schema violation of `doc`, one a line, with where it is.
fn schema_errors(doc: &Value) -> Vec<String> {
    validators()
        .iter()
        .flat_map(|(name, v)| {
            v.iter_errors(doc).map(move |e| {
                format!(
                    "{name}: at `{}` (schema `{}`): {e}",
                    e.instance_path(),
                    e.schema_path()
                )
            })
        })
        .collect()
}

fn assert_valid(doc: &Value) {
    let errors = schema_errors(doc);
    assert!(
        errors.is_empty(),
        "the SARIF document does not validate against the official schema:\n  {}\n\ndocument:\n{}",
        errors.join("\n  "),
        serde_json::to_string_pretty(doc).unwrap()
    );
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
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

/// A temporary copy of `fixtures/` (Python and Rust).
fn fixture_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures_dir(), dir.path());
    dir
}

fn write_file(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `connlint check --extend-select ALL .` from `cwd`.
fn run(cwd: &Path, jobs: usize) -> Report {
    connlint::check(&RunOptions {
        paths: vec![PathBuf::from(".")],
        cwd: cwd.to_owned(),
        jobs,
        overrides: Overrides {
            extend_select: vec!["ALL".to_owned()],
            ..Overrides::default()
        },
        ..RunOptions::default()
    })
    .expect("the run succeeds")
}

/// The SARIF document, as written (bytes) and parsed back.
fn sarif(report: &Report) -> Value {
    let mut out = Vec::new();
    report::write(Format::Sarif, report, report::Options::default(), &mut out).unwrap();
    serde_json::from_slice(&out).expect("SARIF output is JSON")
}

fn the_run(doc: &Value) -> &Value {
    let runs = doc["runs"].as_array().expect("`runs` is an array");
    assert_eq!(runs.len(), 1, "one run per invocation");
    &runs[0]
}

fn results(doc: &Value) -> &Vec<Value> {
    the_run(doc)["results"]
        .as_array()
        .expect("`results` is an array")
}

fn notifications(doc: &Value) -> &Vec<Value> {
    the_run(doc)["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("`toolExecutionNotifications` is an array")
}

/// Decodes `%XX` escapes (the inverse of the reporter's encoding).
/// Decodes a percent-encoded URI path into a file-system path (raw bytes on Unix).
fn percent_decode(s: &str) -> PathBuf {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(out))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8(out).unwrap())
    }
}

/// Characters allowed unescaped in the path of a relative URI reference we write.
fn is_plain_uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/' | '%')
}

/// Checks an `artifactLocation` the way code scanning reads it: a relative,
/// percent-encoded `uri` against `%SRCROOT%`, naming a file that exists below
/// the run's `originalUriBaseIds` root.
fn check_artifact_location(loc: &Value, srcroot: &Path, what: &str) {
    let uri = loc["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: artifactLocation without a `uri`: {loc}"));
    assert!(!uri.is_empty(), "{what}: empty uri");
    assert!(
        !uri.starts_with('/'),
        "{what}: uri `{uri}` is absolute; code scanning needs it relative"
    );
    assert!(
        !uri.starts_with("file:") && !uri.contains("://"),
        "{what}: uri `{uri}` has a scheme; code scanning needs it relative"
    );
    assert!(
        !uri.contains('\\'),
        "{what}: uri `{uri}` uses `\\` as a separator"
    );
    assert!(
        uri.chars().all(is_plain_uri_char),
        "{what}: uri `{uri}` has characters that should be percent-encoded"
    );
    assert_eq!(
        loc["uriBaseId"], "%SRCROOT%",
        "{what}: uri `{uri}` without uriBaseId %SRCROOT%"
    );
    let file = srcroot.join(percent_decode(uri));
    assert!(
        file.is_file(),
        "{what}: uri `{uri}` does not name a file below %SRCROOT% ({})",
        file.display()
    );
}

/// The local directory `originalUriBaseIds["%SRCROOT%"]` names.
fn srcroot(doc: &Value) -> PathBuf {
    let uri = the_run(doc)["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("originalUriBaseIds has %SRCROOT%");
    assert!(
        uri.ends_with('/'),
        "the %SRCROOT% uri `{uri}` must end with `/` (SARIF §3.14.14)"
    );
    let path = uri
        .strip_prefix("file://")
        .unwrap_or_else(|| panic!("the %SRCROOT% uri `{uri}` is not a file:// URI"));
    percent_decode(path)
}

/// Everything GitHub code scanning checks or relies on when it ingests a log.
fn check_code_scanning(doc: &Value) {
    let run = the_run(doc);
    assert_eq!(doc["version"], "2.1.0");
    let root = srcroot(doc);
    assert!(
        root.is_dir(),
        "%SRCROOT% {} is not a directory",
        root.display()
    );

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "connlint");
    let rules = driver["rules"]
        .as_array()
        .expect("driver.rules is an array");
    let mut ids = BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("every rule has an id");
        assert!(ids.insert(id.to_owned()), "rule {id} listed twice");
        let markdown = rule["help"]["markdown"].as_str().unwrap_or("");
        assert!(
            !markdown.trim().is_empty(),
            "rule {id}: help.markdown is missing or empty"
        );
        assert!(
            !rule["help"]["text"]
                .as_str()
                .unwrap_or("")
                .trim()
                .is_empty(),
            "rule {id}: help.text is missing or empty (required next to markdown)"
        );
        let tags = rule["properties"]["tags"]
            .as_array()
            .unwrap_or_else(|| panic!("rule {id}: properties.tags is missing"));
        assert!(!tags.is_empty(), "rule {id}: properties.tags is empty");
        assert!(
            tags.iter()
                .all(|t| t.as_str().is_some_and(|s| !s.is_empty())),
            "rule {id}: tags must be non-empty strings: {tags:?}"
        );
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap_or("")
                .is_empty(),
            "rule {id}: shortDescription.text is empty"
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap_or("");
        assert!(
            ["error", "warning", "note"].contains(&level),
            "rule {id}: defaultConfiguration.level `{level}`"
        );
    }
    for code in connlint::rules::RULES.iter().map(|r| r.meta().code) {
        assert!(ids.contains(code), "rule {code} missing from driver.rules");
    }

    let invocation = &run["invocations"][0];
    assert_eq!(
        invocation["executionSuccessful"], true,
        "invocations[0].executionSuccessful"
    );

    let mut fingerprints = BTreeSet::new();
    for (i, r) in results(doc).iter().enumerate() {
        let what = format!("result {i} ({})", r["message"]["text"]);
        let rule_id = r["ruleId"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: no ruleId"));
        assert!(ids.contains(rule_id), "{what}: unknown ruleId {rule_id}");
        if let Some(index) = r["ruleIndex"].as_u64() {
            assert_eq!(
                rules[usize::try_from(index).unwrap()]["id"],
                rule_id,
                "{what}: ruleIndex points at another rule"
            );
        }
        let level = r["level"].as_str().unwrap_or("");
        assert!(
            ["error", "warning", "note"].contains(&level),
            "{what}: level `{level}`"
        );
        assert!(
            !r["message"]["text"].as_str().unwrap_or("").is_empty(),
            "{what}: empty message"
        );
        let locations = r["locations"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: no locations"));
        assert!(!locations.is_empty(), "{what}: no locations");
        for loc in locations {
            let physical = &loc["physicalLocation"];
            check_artifact_location(&physical["artifactLocation"], &root, &what);
            let start = physical["region"]["startLine"].as_u64().unwrap_or(0);
            assert!(start >= 1, "{what}: region.startLine {start}");
        }
        for loc in r["relatedLocations"].as_array().into_iter().flatten() {
            check_artifact_location(
                &loc["physicalLocation"]["artifactLocation"],
                &root,
                &format!("{what} related location"),
            );
        }
        for fix in r["fixes"].as_array().into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().into_iter().flatten() {
                check_artifact_location(&change["artifactLocation"], &root, &format!("{what} fix"));
            }
        }
        let fps = r["partialFingerprints"]
            .as_object()
            .unwrap_or_else(|| panic!("{what}: no partialFingerprints"));
        assert!(!fps.is_empty(), "{what}: partialFingerprints is empty");
        for (k, v) in fps {
            let v = v.as_str().unwrap_or("");
            assert!(!v.is_empty(), "{what}: fingerprint {k} is empty");
            assert!(
                fingerprints.insert((k.clone(), v.to_owned())),
                "{what}: fingerprint {k}={v} is shared with another result"
            );
        }
    }
    for n in notifications(doc) {
        for loc in n["locations"].as_array().into_iter().flatten() {
            let artifact = &loc["physicalLocation"]["artifactLocation"];
            if artifact.is_object() {
                check_artifact_location(artifact, &root, &format!("notification {n}"));
            }
        }
    }
}

/// Every `$ref` in a schema.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref" {
                    out.push(v.as_str().unwrap_or("").to_owned());
                }
                refs(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn vendored_schema_is_the_official_one() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // Validation must not depend on the network: every reference is local.
    let mut all = Vec::new();
    refs(&schema, &mut all);
    assert!(!all.is_empty());
    let remote: Vec<_> = all.iter().filter(|r| !r.starts_with("#/")).collect();
    assert!(remote.is_empty(), "non-local $refs: {remote:?}");
}

/// The validator is not vacuous: it rejects what code scanning would reject.
#[test]
fn schema_rejects_invalid_documents() {
    let tree = fixture_tree();
    let good = sarif(&run(tree.path(), 1));
    assert_valid(&good);
    assert!(!results(&good).is_empty());

    let mut bad = good.clone();
    bad["version"] = "2.0.0".into();
    assert!(!schema_errors(&bad).is_empty(), "wrong version accepted");

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["level"] = "info".into();
    assert!(!schema_errors(&bad).is_empty(), "level `info` accepted");

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&bad).is_empty(), "startLine 0 accepted");

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "app/my file.py".into();
    assert!(
        !schema_errors(&bad).is_empty(),
        "an unencoded space in a uri accepted"
    );

    let mut bad = good;
    bad["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert!(
        !schema_errors(&bad).is_empty(),
        "a driver without a name accepted"
    );
}

#[test]
fn fixture_tree_validates() {
    let tree = fixture_tree();
    let report = run(tree.path(), 0);
    assert!(report.count() > 0, "the fixtures produce findings");
    let doc = sarif(&report);
    assert_valid(&doc);
    assert_eq!(results(&doc).len(), report.count());
}

#[test]
fn fixture_tree_meets_code_scanning_rules() {
    let tree = fixture_tree();
    let doc = sarif(&run(tree.path(), 0));
    check_code_scanning(&doc);
    // The run is relative to the checked directory, not to this test's working directory.
    assert_eq!(
        srcroot(&doc).canonicalize().unwrap(),
        tree.path().canonicalize().unwrap()
    );
    let codes: BTreeSet<&str> = results(&doc)
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    for r in connlint::rules::RULES {
        let code = r.meta().code;
        assert!(
            codes.contains(code),
            "the fixture tree has no result for {code}: this test would not see its SARIF"
        );
    }
}

#[test]
fn related_locations_validate() {
    let tree = fixture_tree();
    let doc = sarif(&run(tree.path(), 0));
    assert_valid(&doc);
    let related: Vec<&Value> = results(&doc)
        .iter()
        .filter_map(|r| r["relatedLocations"].as_array())
        .flatten()
        .collect();
    assert!(
        !related.is_empty(),
        "the fixtures produce secondary labels, so some results have relatedLocations"
    );
    for loc in related {
        assert!(
            loc["id"].as_u64().is_some(),
            "relatedLocation without id: {loc}"
        );
        assert!(
            !loc["message"]["text"].as_str().unwrap_or("").is_empty(),
            "relatedLocation without a message: {loc}"
        );
    }
}

/// No rule offers a fix yet, so the fix is attached by hand to a real finding:
/// `fixes[].artifactChanges` must validate and point at the file like the result.
#[test]
fn fixes_validate() {
    use connlint::diagnostic::{Applicability, Edit, Fix};
    use connlint::source::TextRange;

    let tree = fixture_tree();
    let mut report = run(tree.path(), 1);
    let file = &mut report.files[0];
    let n = file.diagnostics.len();
    let d = &mut file.diagnostics[0];
    let start = d.range.start;
    d.fix = Some(Fix {
        title: "wrap the connection in `with contextlib.closing(...)`".to_owned(),
        applicability: Applicability::Unsafe,
        edits: vec![
            Edit {
                range: TextRange { start: 0, end: 0 },
                content: "import contextlib\n".to_owned(),
            },
            Edit {
                range: d.range,
                content: "contextlib.closing(psycopg2.connect(DSN))".to_owned(),
            },
        ],
    });
    if n > 1 {
        // A display-only fix is advice, not an artifact change: it is left out.
        file.diagnostics[1].fix = Some(Fix {
            title: "restructure by hand".to_owned(),
            applicability: Applicability::DisplayOnly,
            edits: vec![Edit {
                range: TextRange { start, end: start },
                content: String::new(),
            }],
        });
    }
    let doc = sarif(&report);
    assert_valid(&doc);
    check_code_scanning(&doc);

    // Rules' own fixes (CL105) are in the tree too; these two were injected.
    let title = |r: &&Value| {
        r["fixes"][0]["description"]["text"]
            .as_str()
            .map(str::to_owned)
    };
    assert!(
        !results(&doc)
            .iter()
            .any(|r| title(&r).as_deref() == Some("restructure by hand")),
        "a display-only fix is not written"
    );
    let with_fixes: Vec<&Value> = results(&doc)
        .iter()
        .filter(|r| {
            title(r).as_deref() == Some("wrap the connection in `with contextlib.closing(...)`")
        })
        .collect();
    assert_eq!(with_fixes.len(), 1, "only the applicable fix is written");
    let r = with_fixes[0];
    let fix = &r["fixes"][0];
    assert_eq!(
        fix["description"]["text"],
        "wrap the connection in `with contextlib.closing(...)`"
    );
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"],
        r["locations"][0]["physicalLocation"]["artifactLocation"]
    );
    let replacements = change["replacements"].as_array().unwrap();
    assert_eq!(replacements.len(), 2);
    assert_eq!(replacements[0]["deletedRegion"]["startLine"], 1);
    assert_eq!(replacements[0]["deletedRegion"]["startColumn"], 1);
    assert_eq!(replacements[0]["deletedRegion"]["endColumn"], 1);
    assert_eq!(
        replacements[0]["insertedContent"]["text"],
        "import contextlib\n"
    );
    let region = &r["locations"][0]["physicalLocation"]["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert_eq!(replacements[1]["deletedRegion"][key], region[key], "{key}");
    }
}

#[test]
fn syntax_errors_and_unreadable_files_are_reported_and_validate() {
    let tree = fixture_tree();
    let root = tree.path();
    write_file(
        root,
        "broken/syntax_error.py",
        b"import psycopg2\n\n\ndef broken(:\n    pass\n\n\ndef leak():\n    conn = psycopg2.connect(\"dbname=app\")\n    return conn.cursor()\n",
    );
    write_file(root, "broken/latin1.py", b"# caf\xe9\nx = 1\n");
    write_file(root, "broken/binary.py", b"\x00\x01\x02import os\n");

    let report = run(root, 0);
    let doc = sarif(&report);
    assert_valid(&doc);
    check_code_scanning(&doc);

    let syntax: Vec<&Value> = results(&doc)
        .iter()
        .filter(|r| r["ruleId"] == "syntax-error")
        .collect();
    assert!(
        !syntax.is_empty(),
        "no `syntax-error` result for broken/syntax_error.py"
    );
    for r in &syntax {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "broken/syntax_error.py"
        );
        assert_eq!(r["level"], "error");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            4
        );
    }
    // The rest of the file is still analysed.
    assert!(
        results(&doc).iter().any(|r| r["ruleId"] != "syntax-error"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "broken/syntax_error.py"),
        "the function after the syntax error was not analysed"
    );

    let notes = notifications(&doc);
    for file in ["broken/latin1.py", "broken/binary.py"] {
        let n = notes
            .iter()
            .find(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == file)
            .unwrap_or_else(|| panic!("no toolExecutionNotification for {file}: {notes:#?}"));
        let text = n["message"]["text"].as_str().unwrap();
        assert!(
            text.contains(file),
            "the notification names the file: {text}"
        );
        assert!(
            ["error", "warning"].contains(&n["level"].as_str().unwrap()),
            "notification level {}",
            n["level"]
        );
    }
    let latin1 = notes
        .iter()
        .find(|n| n["message"]["text"].as_str().unwrap().contains("latin1.py"))
        .unwrap();
    assert!(
        latin1["message"]["text"]
            .as_str()
            .unwrap()
            .contains("UTF-8"),
        "{latin1}"
    );
    // Unreadable files are not internal errors: the run itself succeeded.
    assert_eq!(the_run(&doc)["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn paths_with_spaces_and_non_ascii_are_percent_encoded() {
    // The checked directory itself has a space and a non-ASCII letter, so the
    // `%SRCROOT%` uri is encoded too.
    let tree = tempfile::Builder::new()
        .prefix("conn lint ü ")
        .tempdir()
        .unwrap();
    let root = tree.path();
    let leak = b"import psycopg2\n\nDSN = \"dbname=app\"\n\n\ndef report():\n    conn = psycopg2.connect(DSN)\n    cur = conn.cursor()\n    cur.execute(\"SELECT 1\")\n    conn.close()\n";
    write_file(root, "my app/dé jà.py", leak);
    write_file(root, "scripts/100%_sure#1.py", leak);

    let doc = sarif(&run(root, 1));
    assert_valid(&doc);
    check_code_scanning(&doc);

    let uris: BTreeSet<&str> = results(&doc)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        BTreeSet::from([
            "my%20app/d%C3%A9%20j%C3%A0.py",
            "scripts/100%25_sure%231.py"
        ]),
        "results: {:#}",
        the_run(&doc)["results"]
    );
    let base = the_run(&doc)["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(base.starts_with("file:///"), "{base}");
    assert!(
        base.contains("conn%20lint%20%C3%BC%20"),
        "the base uri is not percent-encoded: {base}"
    );
}

/// A file name that is not UTF-8 (legal on Unix) must still be addressable:
/// its bytes are percent-encoded as they are, not replaced by U+FFFD.
#[cfg(unix)]
#[test]

fn non_utf8_file_names_are_encoded_byte_for_byte() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let tree = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(
        tree.path().join(name),
        "import psycopg2\n\n\ndef f():\n    conn = psycopg2.connect(\"dbname=app\")\n    return conn.cursor()\n",
    )
    .unwrap();
    let doc = sarif(&run(tree.path(), 1));
    assert_valid(&doc);
    assert!(!results(&doc).is_empty());
    for r in results(&doc) {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "caf%E9.py"
        );
    }
    check_code_scanning(&doc);
}

/// Paths never escape the project root in a relative form: a file below the
/// root is `%SRCROOT%`-relative without `..`; a file named outside it gets
/// an absolute `file://` URI of its own (and JSON an absolute path), so no
/// consumer can resolve a result to a place it did not come from.
#[test]
fn paths_outside_the_root_are_absolute_never_dot_dot() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let manual = b"import psycopg2\nconn = psycopg2.connect('x')\nconn.close()\n";
    write_file(&root, "connlint.toml", b"");
    write_file(&root, "app.py", manual);
    write_file(&root, "sub/mod.py", manual);
    write_file(dir.path(), "other/x.py", manual);
    let report = connlint::check(&RunOptions {
        paths: ["../other/x.py", "sub/../app.py", "sub/./mod.py"]
            .iter()
            .map(PathBuf::from)
            .collect(),
        cwd: root.clone(),
        jobs: 1,
        ..RunOptions::default()
    })
    .expect("the run succeeds");
    let doc = sarif(&report);
    assert_valid(&doc);
    let mut seen = Vec::new();
    for r in results(&doc) {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = loc["uri"].as_str().unwrap();
        assert!(!uri.split('/').any(|s| s == ".." || s == "."), "{uri}");
        if loc["uriBaseId"] == "%SRCROOT%" {
            check_artifact_location(loc, &srcroot(&doc), "result");
        } else {
            assert!(loc["uriBaseId"].is_null(), "{loc}");
            let other = dir.path().canonicalize().unwrap().join("other/x.py");
            assert_eq!(uri, format!("file://{}", other.display()), "{loc}");
        }
        seen.push(uri.to_owned());
    }
    seen.sort();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen.contains(&"app.py".to_owned()) && seen.contains(&"sub/mod.py".to_owned()),
        "{seen:?}"
    );
    let mut json = Vec::new();
    report::write(Format::Json, &report, report::Options::default(), &mut json).unwrap();
    let json: Value = serde_json::from_slice(&json).unwrap();
    for f in json.as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        assert!(
            !Path::new(path).components().any(|c| matches!(
                c,
                std::path::Component::ParentDir | std::path::Component::CurDir
            )),
            "{path}"
        );
    }
}
