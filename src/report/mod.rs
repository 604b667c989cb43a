//! Reporters: they format a finished `Report`; they never decide findings.
//!
//! Every format is deterministic: files sorted by path, diagnostics by
//! position and code, problems by path.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod preview;
pub mod sarif;

use std::io::{self, Write};

use crate::diagnostic::Diagnostic;
use crate::engine::{FileReport, Report};
use crate::hash::fnv1a;
use crate::source::{LineCol, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub color: bool,
    /// Print findings only: no summary line, no "all checks passed".
    pub quiet: bool,
    /// Print a table of counts by rule.
    pub statistics: bool,
}

/// Writes the report in `format`.
pub fn write(
    format: Format,
    report: &Report,
    opts: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, opts, out),
        Format::Concise => concise::write(report, opts, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Junit => junit::write(report, out),
    }
}

/// Start and end (exclusive) of a diagnostic, as 1-based line/column.
#[must_use]
pub fn span(source: &SourceFile, d: &Diagnostic) -> (LineCol, LineCol) {
    (
        source.lines.line_col(&source.text, d.range.start),
        source.lines.line_col(&source.text, d.range.end),
    )
}

/// Counts per rule code, sorted by count (descending) then code.
#[must_use]
pub fn statistics(report: &Report) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: std::collections::BTreeMap<(&'static str, &'static str), usize> =
        std::collections::BTreeMap::new();
    for (_, d) in report.diagnostics() {
        *counts.entry((d.rule.code, d.rule.name)).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().map(|((c, n), k)| (c, n, k)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    v
}

/// A stable fingerprint of a finding that survives unrelated edits: rule,
/// path, enclosing function, the flagged code with whitespace removed, and
/// its occurrence index among identical keys in the file.
#[must_use]
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    if let Some(fps) = &file.fingerprints {
        return fps.clone();
    }
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let snippet: String = file
                .source
                .slice(d.range)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let path = path_str(&file.project_path);
            let key = format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                d.rule.code,
                path,
                d.scope.as_deref().unwrap_or(""),
                snippet
            );
            let h = fnv1a(key.as_bytes());
            let n = seen.entry(h).or_default();
            let fp = format!("{h:016x}:{n}");
            *n += 1;
            fp
        })
        .collect()
}

/// The path of a file as written in reports: `/`-separated.
#[must_use]
pub fn path_str(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}
