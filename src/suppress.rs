//! Inline suppressions: `# noqa`, `# noqa: CL101, manual-connection`, and
//! `# connlint: ignore[CL101]`. A comment suppresses the findings of the
//! statement it is on: any line of a simple statement, or the header lines of
//! a compound one (`with ...:`, `def ...:`). Which lines a statement spans is
//! the language's to say (`lang::Language::statement_lines`).

use std::collections::HashMap;

use tree_sitter::Node;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// What one comment suppresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    All,
    Codes(Vec<String>),
}

impl Directive {
    fn covers(&self, code: &str, name: &str) -> bool {
        match self {
            Directive::All => true,
            Directive::Codes(codes) => codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code) || c == name),
        }
    }
}

/// Parses one comment's text (with its `#`).
#[must_use]
pub fn parse_comment(text: &str) -> Option<Directive> {
    let lower = text.to_ascii_lowercase();
    if let Some(pos) = lower.find("connlint:") {
        let rest = text[pos + "connlint:".len()..].trim_start();
        let rest_lower = rest.to_ascii_lowercase();
        if let Some(after) = rest_lower.strip_prefix("ignore") {
            let after_raw = &rest[rest.len() - after.len()..];
            let after_raw = after_raw.trim_start();
            if let Some(inner) = after_raw.strip_prefix('[') {
                let inner = inner.split(']').next().unwrap_or("");
                return Some(Directive::Codes(split_codes(inner)));
            }
            return Some(Directive::All);
        }
    }
    let pos = lower.find("noqa")?;
    // `# noqa` must be its own word.
    if pos > 0 && lower.as_bytes()[pos - 1].is_ascii_alphanumeric() {
        return None;
    }
    let raw = &text[pos + 4..];
    if raw
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let rest = raw.trim_start();
    if let Some(list) = rest.strip_prefix(':') {
        let codes = split_codes(list);
        if codes.is_empty() {
            return Some(Directive::All);
        }
        return Some(Directive::Codes(codes));
    }
    Some(Directive::All)
}

fn split_codes(list: &str) -> Vec<String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .take_while(|s| !s.starts_with('#'))
        .filter(|s| !s.is_empty())
        .filter(|s| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_owned)
        .collect()
}

/// The directives of a file, by 0-based line.
#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<usize, Vec<Directive>>,
}

impl Suppressions {
    #[must_use]
    pub fn from_comments(source: &SourceFile, comments: &[Node<'_>]) -> Suppressions {
        let mut by_line: HashMap<usize, Vec<Directive>> = HashMap::new();
        for c in comments {
            let text = source.text.get(c.byte_range()).unwrap_or("");
            if let Some(d) = parse_comment(text) {
                by_line
                    .entry(source.lines.line_of(c.start_byte() as u32))
                    .or_default()
                    .push(d);
            }
        }
        Suppressions { by_line }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_line.is_empty()
    }

    /// Whether `d` is suppressed. `statement_lines` gives the first and last
    /// line of the statement around an offset (the file's language knows its
    /// statements): a directive on any of them covers the finding.
    #[must_use]
    pub fn suppresses(
        &self,
        d: &Diagnostic,
        statement_lines: impl Fn(usize) -> (usize, usize),
    ) -> bool {
        if self.by_line.is_empty() {
            return false;
        }
        let (first, last) = statement_lines(d.range.start as usize);
        (first..=last).any(|line| {
            self.by_line
                .get(&line)
                .is_some_and(|ds| ds.iter().any(|x| x.covers(d.rule.code, d.rule.name)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        assert_eq!(parse_comment("# noqa"), Some(Directive::All));
        assert_eq!(parse_comment("# NOQA"), Some(Directive::All));
        assert_eq!(
            parse_comment("# noqa: CL101, manual-connection"),
            Some(Directive::Codes(vec![
                "CL101".into(),
                "manual-connection".into()
            ]))
        );
        assert_eq!(
            parse_comment("# noqa:CL201"),
            Some(Directive::Codes(vec!["CL201".into()]))
        );
        assert_eq!(
            parse_comment("# connlint: ignore[CL101,CL201]"),
            Some(Directive::Codes(vec!["CL101".into(), "CL201".into()]))
        );
        assert_eq!(parse_comment("# connlint: ignore"), Some(Directive::All));
        assert_eq!(parse_comment("# not a noqatest"), None);
        assert_eq!(parse_comment("# see noqa_docs"), None);
        assert_eq!(parse_comment("# type: ignore"), None);
    }
}
