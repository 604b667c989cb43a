//! JUnit XML for CI test-report views (`artifacts: reports: junit:` in
//! GitLab, Jenkins' JUnit and xUnit plugins): one `<testsuite>`, a
//! `<testcase>` per file, a `<failure>` per finding.
//!
//! The report holds only the files with findings, so those are the test
//! cases; the clean files are counted in the `files_checked` property. A file
//! that could not be read or checked (an error problem) is a case with an
//! `<error>`; a warning about a file (skipped, an unresolved import) is that
//! case's `<system-err>` and does not fail it. `tests`, `failures` and
//! `errors` count test cases, as JUnit does, so `tests - failures - errors`
//! never goes below zero. Validated against the xUnit plugin's
//! `junit-10.xsd` in the tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;

use crate::engine::Report;
use crate::report::{path_str, span};

/// Whether `c` may appear in an XML 1.0 document:
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Escapes `s` for XML text (`attr: false`) or a double-quoted attribute
/// value (`attr: true`). Characters XML 1.0 does not allow become U+FFFD.
/// In attributes, tab and line breaks are character references, which
/// attribute-value normalisation keeps; a carriage return always is, which
/// line-end normalisation keeps.
#[must_use]
pub fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// What one test case (one path) holds, as escaped XML elements.
#[derive(Default)]
struct Case {
    failures: Vec<String>,
    errors: Vec<String>,
    /// Warnings, one a line, unescaped.
    warnings: Vec<String>,
}

/// The test cases by path, in the report's order (paths compare by component).
fn cases(report: &Report) -> BTreeMap<PathBuf, Case> {
    let mut cases: BTreeMap<PathBuf, Case> = BTreeMap::new();
    for f in &report.files {
        let path = path_str(&f.source.path);
        let case = cases.entry(f.source.path.clone()).or_default();
        for d in &f.diagnostics {
            let (start, _) = span(&f.source, d);
            let code = d.rule.code;
            case.failures.push(format!(
                "<failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&format!("{code}: {}", d.message), true),
                escape(code, true),
                escape(
                    &format!(
                        "{path}:{}:{}: {code} {}",
                        start.line, start.column, d.message
                    ),
                    false
                ),
            ));
        }
    }
    for p in &report.problems {
        let path = crate::engine::display_path(&report.cwd, &p.path);
        let shown = path_str(&path);
        let case = cases.entry(path).or_default();
        if p.error {
            case.errors.push(format!(
                "<error message=\"{}\" type=\"error\">{}</error>",
                escape(&p.message, true),
                escape(&format!("error: {shown}: {}", p.message), false),
            ));
        } else {
            case.warnings
                .push(format!("warning: {shown}: {}", p.message));
        }
    }
    cases
}

fn render(report: &Report) -> String {
    let cases = cases(report);
    let tests = cases.len();
    let failures = cases.values().filter(|c| !c.failures.is_empty()).count();
    let errors = cases.values().filter(|c| !c.errors.is_empty()).count();
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\"");
    let mut x = String::new();
    // Writing to a `String` cannot fail.
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(x, "<testsuites name=\"connlint\" {counts}>");
    let _ = writeln!(x, "  <testsuite name=\"connlint\" {counts}>");
    let _ = writeln!(x, "    <properties>");
    let _ = writeln!(
        x,
        "      <property name=\"files_checked\" value=\"{}\"/>",
        report.checked
    );
    let _ = writeln!(x, "    </properties>");
    for (path, case) in &cases {
        let name = escape(&path_str(path), true);
        let _ = writeln!(
            x,
            "    <testcase name=\"{name}\" classname=\"connlint\" file=\"{name}\">"
        );
        for element in case.errors.iter().chain(&case.failures) {
            let _ = writeln!(x, "      {element}");
        }
        if !case.warnings.is_empty() {
            let _ = writeln!(
                x,
                "      <system-err>{}</system-err>",
                escape(&case.warnings.join("\n"), false)
            );
        }
        let _ = writeln!(x, "    </testcase>");
    }
    let _ = writeln!(x, "  </testsuite>");
    let _ = writeln!(x, "</testsuites>");
    x
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(render(report).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("a&b <c> \"d\" 'e'", false),
            "a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(
            escape("x\u{0}y\u{1b}z\u{fffe}", false),
            "x\u{fffd}y\u{fffd}z\u{fffd}"
        );
        assert_eq!(escape("l1\nl2\tx\r", false), "l1\nl2\tx&#13;");
        assert_eq!(escape("l1\nl2\tx\r", true), "l1&#10;l2&#9;x&#13;");
        assert_eq!(escape("ü 😀", true), "ü 😀");
    }

    #[test]
    fn an_empty_report_is_an_empty_suite() {
        let x = render(&Report::default());
        assert!(
            x.contains("<testsuite name=\"connlint\" tests=\"0\" failures=\"0\" errors=\"0\">"),
            "{x}"
        );
        assert!(!x.contains("<testcase"), "{x}");
    }
}
