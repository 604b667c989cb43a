//! Inline suppressions: `# noqa`, `# noqa: CL101, manual-connection`, and
//! `# connlint: ignore[CL101]`. A comment suppresses the findings of the
//! statement it is on: any line of a simple statement, or the header lines of
//! a compound one (`with ...:`, `def ...:`).

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

    /// Whether `d` is suppressed; `root` is the file's syntax tree root.
    #[must_use]
    pub fn suppresses(&self, source: &SourceFile, root: Node<'_>, d: &Diagnostic) -> bool {
        if self.by_line.is_empty() {
            return false;
        }
        let (first, last) = if source.lang == crate::source::Lang::Rust {
            statement_lines_rust(source, root, d.range.start as usize)
        } else {
            statement_lines(source, root, d.range.start as usize)
        };
        (first..=last).any(|line| {
            self.by_line
                .get(&line)
                .is_some_and(|ds| ds.iter().any(|x| x.covers(d.rule.code, d.rule.name)))
        })
    }
}

/// The lines of the statement around `offset`: a simple statement whole, a compound one's header.
fn statement_lines(source: &SourceFile, root: Node<'_>, offset: usize) -> (usize, usize) {
    let line = source.lines.line_of(offset as u32);
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
        return (line, line);
    };
    for _ in 0..512 {
        let kind = node.kind();
        if kind.ends_with("_statement") || kind.ends_with("_definition") {
            let start = node.start_byte();
            // A compound statement's header ends at the `:` before its first
            // block (the block itself starts on the next line's indentation).
            let mut cursor = node.walk();
            let mut header_end = None;
            let mut colon = None;
            for child in node.children(&mut cursor) {
                match child.kind() {
                    ":" => colon = Some(child.end_byte()),
                    "block" => {
                        header_end = Some(colon.unwrap_or(child.start_byte()));
                        break;
                    }
                    _ => {}
                }
            }
            let end = header_end.unwrap_or(node.end_byte()).max(start + 1) - 1;
            let first = source.lines.line_of(start as u32).min(line);
            let last = source.lines.line_of(end as u32).max(line);
            return (first, last);
        }
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    (line, line)
}

/// The lines of the Rust statement around `offset`: a simple statement (`let`,
/// an expression statement without a block) whole; for one with a block (`if`,
/// `match`, a closure), its lines up to the finding's own line.
fn statement_lines_rust(source: &SourceFile, root: Node<'_>, offset: usize) -> (usize, usize) {
    let line = source.lines.line_of(offset as u32);
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
        return (line, line);
    };
    for _ in 0..512 {
        let is_statement = matches!(node.kind(), "let_declaration" | "expression_statement")
            || node.parent().is_some_and(|p| p.kind() == "block")
            || node.kind().ends_with("_item");
        if is_statement {
            let first = source.lines.line_of(node.start_byte() as u32).min(line);
            let mut cursor = node.walk();
            let compound = {
                let mut stack: Vec<Node<'_>> = node.children(&mut cursor).collect();
                let mut found = false;
                while let Some(n) = stack.pop() {
                    if matches!(n.kind(), "block" | "declaration_list" | "match_block") {
                        found = true;
                        break;
                    }
                    let mut c = n.walk();
                    stack.extend(n.children(&mut c));
                }
                found
            };
            let last = if compound {
                line
            } else {
                source
                    .lines
                    .line_of(node.end_byte().saturating_sub(1) as u32)
                    .max(line)
            };
            return (first, last);
        }
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    (line, line)
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
