//! Human output: rustc-style snippets via codespan-reporting, a summary line,
//! and an optional table of counts by rule.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label, LabelStyle, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Config};

use crate::diagnostic::{Applicability, Severity};
use crate::engine::Report;

/// Lines of a fix's change shown under a finding.
const PREVIEW_LINES: usize = 12;
use crate::report::{Options, path_str, statistics};

pub fn write(report: &Report, opts: Options, out: &mut dyn Write) -> io::Result<()> {
    let config = Config::default();
    let mut buf = if opts.color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    // `--statistics`: the table and the summary, not every finding (as ruff).
    let files: &[_] = if opts.statistics { &[] } else { &report.files };
    for f in files {
        let f_source = &f.source;
        let file = SimpleFile::new(path_str(&f.source.path), f.source.text.as_str());
        // Findings stacked on one call (CL101 and CL102) often carry the same
        // fix: its change is shown once, under the first.
        let mut shown: Vec<(&crate::diagnostic::Fix, &str)> = Vec::new();
        for d in &f.diagnostics {
            let severity = match d.severity() {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
            };
            let mut labels = Vec::new();
            // The primary label carries the first secondary message at the same span, if any.
            let primary_message = d
                .labels
                .iter()
                .find(|l| l.range == d.range)
                .map(|l| l.message.clone())
                .unwrap_or_default();
            labels.push(
                Label::new(LabelStyle::Primary, (), d.range.as_range())
                    .with_message(primary_message),
            );
            for l in d.labels.iter().filter(|l| l.range != d.range) {
                labels.push(
                    Label::new(LabelStyle::Secondary, (), l.range.as_range())
                        .with_message(&l.message),
                );
            }
            let mut notes = Vec::new();
            if let Some(h) = &d.help {
                notes.push(format!("help: {h}"));
            }
            notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
            let repeated = d
                .fix
                .as_ref()
                .and_then(|f| shown.iter().find(|(s, _)| *s == f).map(|(_, code)| *code));
            if let Some(code) = repeated {
                notes.push(format!("fix: the same change as {code}'s above"));
            } else if let Some(f) = &d.fix {
                shown.push((f, d.rule.code));
                let head = match f.applicability {
                    Applicability::Safe => format!("fix: {} (`--fix`)", f.title),
                    Applicability::Unsafe => {
                        format!("fix: {} (`--fix --unsafe-fixes`)", f.title)
                    }
                    Applicability::DisplayOnly => format!("suggestion: {}", f.title),
                };
                // The change itself, as removed and added lines.
                let lines = crate::report::preview::preview(&f_source.text, f, PREVIEW_LINES);
                let mut note = head;
                for l in lines {
                    note.push('\n');
                    note.push_str(&l);
                }
                notes.push(note);
            }
            let cs = CsDiagnostic::new(severity)
                .with_code(d.rule.code)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            term::emit_to_write_style(&mut buf, &config, &file, &cs)
                .map_err(|e| io::Error::other(e.to_string()))?;
        }
    }
    out.write_all(buf.as_slice())?;
    if opts.statistics {
        write_statistics(report, out)?;
    }
    if !opts.quiet {
        write_summary(report, opts.color, out)?;
    }
    Ok(())
}

/// `  2  CL101  manual-connection`, most frequent first.
pub fn write_statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let stats = statistics(report);
    if stats.is_empty() {
        return Ok(());
    }
    let width = stats
        .iter()
        .map(|s| s.2.to_string().len())
        .max()
        .unwrap_or(1);
    for (code, name, count) in stats {
        writeln!(out, "{count:>width$}  {code:<6} {name}")?;
    }
    Ok(())
}

fn write_summary(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let n = report.count();
    let files = report.checked;
    let file_word = if files == 1 { "file" } else { "files" };
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    if n == 0 && report.missing > 0 {
        // Not "All checks passed!": some of what was asked for was not checked.
        let paths = if report.missing == 1 { "path" } else { "paths" };
        writeln!(
            buf,
            "{files} {file_word} checked; {} {paths} not found (see the errors above)",
            report.missing
        )?;
    } else if n == 0 {
        buf.set_color(
            ColorSpec::new()
                .set_bold(true)
                .set_fg(Some(codespan_reporting::term::termcolor::Color::Green)),
        )?;
        write!(buf, "All checks passed!")?;
        buf.reset()?;
        writeln!(buf, " ({files} {file_word} checked)")?;
    } else {
        let errors = report
            .diagnostics()
            .filter(|(_, d)| d.severity() == Severity::Error)
            .count();
        let warnings = n - errors;
        let with_findings = report.files.len();
        buf.set_color(ColorSpec::new().set_bold(true))?;
        write!(
            buf,
            "Found {n} {}",
            if n == 1 { "problem" } else { "problems" }
        )?;
        buf.reset()?;
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(format!(
                "{errors} {}",
                if errors == 1 { "error" } else { "errors" }
            ));
        }
        if warnings > 0 {
            parts.push(format!(
                "{warnings} {}",
                if warnings == 1 { "warning" } else { "warnings" }
            ));
        }
        writeln!(
            buf,
            " ({}) in {with_findings} of {files} {file_word} checked.",
            parts.join(", ")
        )?;
        // Distinct fixes: findings stacked on one call share theirs.
        let fixable = |a: crate::diagnostic::Applicability| {
            report
                .files
                .iter()
                .map(|f| {
                    let mut seen: Vec<&crate::diagnostic::Fix> = Vec::new();
                    for fix in f.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
                        if fix.applicability == a && !seen.contains(&fix) {
                            seen.push(fix);
                        }
                    }
                    seen.len()
                })
                .sum::<usize>()
        };
        let (safe, unsafe_) = (
            fixable(crate::diagnostic::Applicability::Safe),
            fixable(crate::diagnostic::Applicability::Unsafe),
        );
        if safe > 0 || unsafe_ > 0 {
            let mut fix = Vec::new();
            if safe > 0 {
                fix.push(format!("{safe} fixable with `--fix`"));
            }
            if unsafe_ > 0 && safe > 0 {
                fix.push(format!("{unsafe_} more with `--unsafe-fixes`"));
            } else if unsafe_ > 0 {
                fix.push(format!("{unsafe_} fixable with `--fix --unsafe-fixes`"));
            }
            writeln!(buf, "{}.", fix.join(", "))?;
        }
    }
    out.write_all(buf.as_slice())
}
