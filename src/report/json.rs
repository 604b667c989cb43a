//! JSON output: a stable array of findings (schema in the README).

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::Report;
use crate::report::{fingerprints, path_str, span};
use crate::source::SourceFile;

fn position(source: &SourceFile, offset: u32) -> Value {
    let lc = source.lines.line_col(&source.text, offset);
    json!({ "line": lc.line, "column": lc.column })
}

/// One finding as JSON.
#[must_use]
pub fn finding(source: &SourceFile, d: &Diagnostic, fingerprint: &str) -> Value {
    let (start, end) = span(source, d);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            json!({
                "message": l.message,
                "start": position(source, l.range.start),
                "end": position(source, l.range.end),
            })
        })
        .collect();
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "title": f.title,
            "applicability": match f.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
                Applicability::DisplayOnly => "display-only",
            },
            "edits": f.edits.iter().map(|e| json!({
                "start": position(source, e.range.start),
                "end": position(source, e.range.end),
                "content": e.content,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "code": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity().as_str(),
        "message": d.message,
        "path": path_str(&source.path),
        "start": { "line": start.line, "column": start.column },
        "end": { "line": end.line, "column": end.column },
        "labels": labels,
        "help": d.help,
        "notes": d.notes,
        "fix": fix,
        "fingerprint": fingerprint,
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut items = Vec::new();
    for f in &report.files {
        let fps = fingerprints(f);
        for (d, fp) in f.diagnostics.iter().zip(fps.iter()) {
            items.push(finding(&f.source, d, fp));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &Value::Array(items))?;
    writeln!(out)
}
