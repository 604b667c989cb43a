//! Inline suppressions: `# noqa`, `# noqa: CL101, manual-connection`, and
//! `# connlint: ignore[CL101]`. A comment suppresses the findings of the
//! statement it is on: any line of a simple statement, or the header lines of
//! a compound one (`with ...:`, `def ...:`). Which lines a statement spans is
//! the language's to say (`lang::Language::statement_lines`).

use std::collections::HashMap;

use tree_sitter::Node;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, TextRange};

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

/// A code in connlint's form (`CL` and three digits) that no rule has.
fn looks_like_ours(code: &str) -> bool {
    code.len() == 5
        && code[..2].eq_ignore_ascii_case("CL")
        && code[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The codes of a list, up to the first word that is neither a code
/// (letters then digits: `CL101`, `E501`) nor a rule name (kebab-case:
/// `manual-connection`): `# noqa: CL101 -- a reason` names `CL101` only.
fn split_codes(list: &str) -> Vec<String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take_while(|s| is_code(s) || is_rule_name(s))
        .map(str::to_owned)
        .collect()
}

/// `CL101`, `E501`, `RUF100`: letters, then digits.
#[must_use]
pub fn is_code(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    letters > 0 && letters < s.len() && s.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

/// `manual-connection`: lowercase words joined by hyphens (two at least).
fn is_rule_name(s: &str) -> bool {
    s.contains('-')
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// One suppression comment: what it says, where it is, and whether it is
/// connlint's own form (`connlint: ignore`) rather than the `# noqa` that
/// other linters share.
#[derive(Debug, Clone)]
pub struct Comment {
    pub directive: Directive,
    pub range: TextRange,
    pub ours: bool,
}

/// The directives of a file, by 0-based line.
#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<usize, Vec<Directive>>,
    comments: Vec<(usize, Comment)>,
}

/// A suppression comment that suppressed nothing this run: the codes of it
/// that matched no finding (empty for a whole `connlint: ignore`), and the
/// codes that name no rule.
#[derive(Debug, Clone)]
pub struct Unused {
    pub comment: Comment,
    pub unused: Vec<String>,
    pub unknown: Vec<String>,
}

impl Suppressions {
    #[must_use]
    pub fn from_comments(source: &SourceFile, comments: &[Node<'_>]) -> Suppressions {
        let mut by_line: HashMap<usize, Vec<Directive>> = HashMap::new();
        let mut all = Vec::new();
        for c in comments {
            let text = source.text.get(c.byte_range()).unwrap_or("");
            if let Some(d) = parse_comment(text) {
                let line = source.lines.line_of(c.start_byte() as u32);
                by_line.entry(line).or_default().push(d.clone());
                all.push((
                    line,
                    Comment {
                        directive: d,
                        range: TextRange::of(*c),
                        ours: text.to_ascii_lowercase().contains("connlint:"),
                    },
                ));
            }
        }
        Suppressions {
            by_line,
            comments: all,
        }
    }

    /// The comments that suppressed none of `found` (the findings before
    /// suppression). `rule` names a code or name as a rule of this run
    /// (`Some(true)`), a rule not run (`Some(false)`: not judged), or no rule
    /// (`None`). A code of another linter (`E501`) is never judged; neither is
    /// a bare `# noqa`, which other linters share, nor a bare `connlint:
    /// ignore` unless every default rule ran (`all_rules`).
    #[must_use]
    pub fn unused(
        &self,
        found: &[Diagnostic],
        statement_lines: impl Fn(usize) -> (usize, usize),
        rule: impl Fn(&str) -> Option<bool>,
        all_rules: bool,
    ) -> Vec<Unused> {
        let spans: Vec<((usize, usize), &Diagnostic)> = found
            .iter()
            .filter(|d| !d.rule.is_pseudo())
            .map(|d| (statement_lines(d.range.start as usize), d))
            .collect();
        let covers = |line: usize, code: Option<&str>| {
            spans.iter().any(|((first, last), d)| {
                (*first..=*last).contains(&line)
                    && code.is_none_or(|c| c.eq_ignore_ascii_case(d.rule.code) || c == d.rule.name)
            })
        };
        let mut out = Vec::new();
        for (line, c) in &self.comments {
            match &c.directive {
                Directive::All => {
                    if c.ours && all_rules && !covers(*line, None) {
                        out.push(Unused {
                            comment: c.clone(),
                            unused: Vec::new(),
                            unknown: Vec::new(),
                        });
                    }
                }
                Directive::Codes(codes) => {
                    let mut unused = Vec::new();
                    let mut unknown = Vec::new();
                    for code in codes {
                        match rule(code) {
                            Some(true) if !covers(*line, Some(code)) => unused.push(code.clone()),
                            // A code in connlint's form that no rule has, or any code in
                            // `connlint: ignore[...]`.
                            None if c.ours || looks_like_ours(code) => unknown.push(code.clone()),
                            // In use; a rule that did not run; another linter's code.
                            _ => {}
                        }
                    }
                    if !unused.is_empty() || !unknown.is_empty() {
                        out.push(Unused {
                            comment: c.clone(),
                            unused,
                            unknown,
                        });
                    }
                }
            }
        }
        out
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

    #[test]
    fn a_reason_after_the_codes_is_not_a_code() {
        let codes = |c: &[&str]| Some(Directive::Codes(c.iter().map(|&s| s.into()).collect()));
        assert_eq!(
            parse_comment("# noqa: CL101 -- closed by the caller"),
            codes(&["CL101"])
        );
        assert_eq!(
            parse_comment("// noqa: CL302 internal sidecar"),
            codes(&["CL302"])
        );
        assert_eq!(
            parse_comment("# noqa: E501, CL201 # long line"),
            codes(&["E501", "CL201"])
        );
        assert_eq!(
            parse_comment("# noqa: pool-bypass because"),
            codes(&["pool-bypass"])
        );
        assert_eq!(
            parse_comment("// connlint: ignore[held-across-slow-cal]"),
            codes(&["held-across-slow-cal"])
        );
        // Nothing code-like after the colon: every rule, as a bare noqa.
        assert_eq!(parse_comment("# noqa: -- see below"), Some(Directive::All));
    }
}
