//! GitHub Actions workflow commands: `::warning file=...,line=...::message`.

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::engine::Report;
use crate::report::{path_str, span};

/// Escapes a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (f, d) in report.diagnostics() {
        let (start, end) = span(&f.source, d);
        let level = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        writeln!(
            out,
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_property(&path_str(&f.source.path)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_data(&message)
        )?;
    }
    for p in &report.problems {
        writeln!(
            out,
            "::{} file={}::{}",
            if p.error { "error" } else { "warning" },
            escape_property(&path_str(&p.path)),
            escape_data(&p.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
