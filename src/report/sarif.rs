//! SARIF 2.1.0 for code-scanning dashboards (validated against the official
//! schema in the tests; GitHub's ingestion rules followed: relative `uri`s with
//! `uriBaseId`, `partialFingerprints`, rule help in Markdown, tags, levels).

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::Report;
use crate::report::{fingerprints, path_str, span};
use crate::rules::{PSEUDO_RULES, RULES, RuleMeta};
use crate::source::SourceFile;

const SRCROOT: &str = "%SRCROOT%";

/// The first paragraph of a rule page's "What it does" section.
#[must_use]
pub fn what_it_does(doc: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"))
        .skip(1);
    let mut para = Vec::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            if para.is_empty() {
                continue;
            }
            break;
        }
        if l.starts_with('#') {
            break;
        }
        para.push(l.trim());
    }
    para.join(" ")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_entry(m: &RuleMeta) -> Value {
    let mut tags = vec!["database", "reliability"];
    for l in m.langs {
        tags.push(l.name());
    }
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": m.summary },
        "fullDescription": { "text": what_it_does(m.doc) },
        "help": { "text": m.doc, "markdown": m.doc },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "tags": tags, "precision": "high" },
    })
}

/// Percent-encodes path bytes for a URI reference (RFC 3986), keeping `/`.
#[must_use]
pub fn encode_uri_path(path: &str) -> String {
    encode_bytes(path.as_bytes())
}

fn encode_bytes(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The raw bytes of a path with `/` separators (non-UTF-8 names kept byte for byte on Unix).
fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
}

/// A `file:` URI for an absolute path (`file:///C:/x` on Windows).
#[must_use]
pub fn file_uri(path: &Path) -> String {
    let bytes = path_bytes(path);
    // A drive letter (`C:`) keeps its colon and gets a leading slash.
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return format!("file:///{}:{}", bytes[0] as char, encode_bytes(&bytes[2..]));
    }
    format!("file://{}", encode_bytes(&bytes))
}

fn artifact_location(path: &Path) -> Value {
    if path.is_absolute() {
        json!({ "uri": file_uri(path) })
    } else {
        json!({ "uri": encode_bytes(&path_bytes(path)), "uriBaseId": SRCROOT })
    }
}

fn region(source: &SourceFile, start: u32, end: u32) -> Value {
    let s = source.lines.line_col(&source.text, start);
    let e = source.lines.line_col(&source.text, end);
    json!({ "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column })
}

fn result(source: &SourceFile, d: &Diagnostic, fingerprint: &str, rule_index: usize) -> Value {
    let (start, end) = span(source, d);
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    // The label at the finding's own span is already the result's location.
    let related: Vec<Value> = d
        .labels
        .iter()
        .filter(|l| l.range != d.range)
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": i + 1,
                "message": { "text": l.message },
                "physicalLocation": {
                    "artifactLocation": artifact_location(&source.path),
                    "region": region(source, l.range.start, l.range.end),
                },
            })
        })
        .collect();
    let mut r = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index,
        "level": level(d.severity()),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&source.path),
                "region": {
                    "startLine": start.line, "startColumn": start.column,
                    "endLine": end.line, "endColumn": end.column,
                },
            },
        }],
        "partialFingerprints": { "connlint/v1": fingerprint },
    });
    if !related.is_empty() {
        r["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = d
        .fix
        .as_ref()
        .filter(|f| f.applicability != Applicability::DisplayOnly)
    {
        r["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": artifact_location(&source.path),
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(source, e.range.start, e.range.end),
                    "insertedContent": { "text": e.content },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    r
}

/// The whole SARIF log as a value.
#[must_use]
pub fn log(report: &Report) -> Value {
    let metas: Vec<&RuleMeta> = RULES.iter().map(|r| r.meta()).chain(PSEUDO_RULES).collect();
    let rules: Vec<Value> = metas.iter().map(|m| rule_entry(m)).collect();
    let mut results = Vec::new();
    for f in &report.files {
        let fps = fingerprints(f);
        for (d, fp) in f.diagnostics.iter().zip(fps.iter()) {
            let index = metas
                .iter()
                .position(|m| m.code == d.rule.code)
                .unwrap_or(0);
            results.push(result(&f.source, d, fp, index));
        }
    }
    let notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": if p.error { "error" } else { "warning" },
                "message": { "text": format!("{}: {}", path_str(&p.path), p.message) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(&p.path) } }],
            })
        })
        .collect();
    let root = format!("{}/", file_uri(&report.cwd).trim_end_matches('/'));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "connlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": report.internal_errors == 0 && report.missing == 0,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": { SRCROOT: { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_paths() {
        assert_eq!(encode_uri_path("app/my file.py"), "app/my%20file.py");
        assert_eq!(encode_uri_path("a/ü.py"), "a/%C3%BC.py");
    }

    #[test]
    fn what_it_does_is_the_first_paragraph() {
        let doc = "# X\n\n## What it does\n\nFlags a\nthing.\n\nMore.\n\n## Why\n";
        assert_eq!(what_it_does(doc), "Flags a thing.");
    }
}
