//! GitLab Code Quality: a JSON array of Code Climate issues, one a finding
//! (`artifacts: reports: codequality:` in `.gitlab-ci.yml`).
//!
//! GitLab reads `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`; it stops at the first issue
//! that does not validate against its schema (vendored and checked in the
//! tests). Problems with files are not issues: they go to stderr only.

use std::collections::HashSet;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::engine::Report;
use crate::hash::fnv1a;
use crate::report::{fingerprints, path_str, span};

/// Code Climate's five severities; connlint's two map to the middle ones.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// A fingerprint unique in the report and stable across unrelated edits:
/// the finding's own fingerprint (rule, project path, enclosing function,
/// flagged code, occurrence) hashed with the path as printed, so that two
/// projects checked in one run cannot share one. `seen` breaks the
/// (theoretical) 64-bit collision deterministically.
fn unique_fingerprint(path: &str, fingerprint: &str, seen: &mut HashSet<String>) -> String {
    let mut salt = 0u32;
    loop {
        let key = format!("{path}\u{1f}{fingerprint}\u{1f}{salt}");
        let fp = format!("{:016x}", fnv1a(key.as_bytes()));
        if seen.insert(fp.clone()) {
            return fp;
        }
        salt += 1;
    }
}

/// The whole report as a value: an array, empty when nothing was found.
#[must_use]
pub fn issues(report: &Report) -> Value {
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for f in &report.files {
        let path = path_str(&f.source.path);
        let fps = fingerprints(f);
        for (d, fp) in f.diagnostics.iter().zip(fps.iter()) {
            let (start, end) = span(&f.source, d);
            items.push(json!({
                "description": d.message,
                "check_name": d.rule.code,
                "fingerprint": unique_fingerprint(&path, fp, &mut seen),
                "severity": severity(d.severity()),
                "location": {
                    "path": path,
                    "lines": { "begin": start.line, "end": end.line },
                },
            }));
        }
    }
    Value::Array(items)
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &issues(report))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_unique_and_stable() {
        let mut seen = HashSet::new();
        let a = unique_fingerprint("a/db.py", "0123:0", &mut seen);
        let b = unique_fingerprint("b/db.py", "0123:0", &mut seen);
        assert_ne!(a, b);
        // The same finding again (a collision): a different, deterministic value.
        let again = unique_fingerprint("a/db.py", "0123:0", &mut seen);
        assert_ne!(again, a);
        let mut fresh = HashSet::new();
        assert_eq!(unique_fingerprint("a/db.py", "0123:0", &mut fresh), a);
        assert_eq!(a.len(), 16);
    }
}
