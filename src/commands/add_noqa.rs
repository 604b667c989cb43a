//! `check --add-noqa`: a `# noqa: CODE` (`// noqa: CODE` in Rust) for every
//! current finding, on the last line of its statement, for adopting
//! connlint on a legacy codebase the way ruff's `--add-noqa` does. Codes
//! already in a `noqa` on that line are kept and the new ones added to it;
//! each file is rewritten atomically (a byte-order mark is kept).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;

use connlint::source::Lang;

/// Adds the directives; the number of lines that got one or more codes.
pub fn run(report: &connlint::Report) -> anyhow::Result<usize> {
    let mut changed = 0;
    for f in &report.files {
        let source = &f.source;
        let Some(tree) = connlint::lang::parse(source.lang, &source.text) else {
            continue;
        };
        let root = tree.root_node();
        let mut by_line: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for d in f.diagnostics.iter().filter(|d| !d.rule.is_pseudo()) {
            let offset = d.range.start as usize;
            let (_, last) = match source.lang {
                Lang::Python => connlint::lang::python::statement_lines(source, root, offset),
                Lang::Rust => connlint::lang::rust::statement_lines(source, root, offset),
            };
            by_line.entry(last).or_default().insert(d.rule.code);
        }
        let mut text = source.text.clone();
        // From the last line up, so earlier offsets stay valid.
        for (line, codes) in by_line.iter().rev() {
            let range = source.lines.line_range(&source.text, *line);
            let line_text = &source.text[range.as_range()];
            let new_line = with_noqa(source.lang, line_text, codes);
            if new_line == line_text {
                continue;
            }
            text.replace_range(range.as_range(), &new_line);
            changed += 1;
        }
        if text != source.text {
            let mut bytes = Vec::with_capacity(text.len() + 3);
            if source.bom {
                bytes.extend_from_slice(b"\xEF\xBB\xBF");
            }
            bytes.extend_from_slice(text.as_bytes());
            connlint::fs::write_atomically(&source.path, &bytes)
                .with_context(|| format!("writing {}", source.path.display()))?;
        }
    }
    Ok(changed)
}

/// The line with its `noqa` for `codes`: `  # noqa: CL101` appended when it
/// has none; the missing codes inserted at the end of its `noqa: ...` list
/// (before a reason after it); unchanged when every code is there or the
/// line has a bare `noqa`.
pub(super) fn with_noqa(lang: Lang, line: &str, codes: &BTreeSet<&str>) -> String {
    let marker = match lang {
        Lang::Python => "#",
        Lang::Rust => "//",
    };
    let lower = line.to_ascii_lowercase();
    let Some(pos) = lower.find("noqa") else {
        let codes: Vec<&str> = codes.iter().copied().collect();
        return format!("{line}  {marker} noqa: {}", codes.join(", "));
    };
    let after_word = pos + 4;
    let rest = &line[after_word..];
    let Some(colon) = rest
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| rest[i..].starts_with(':'))
    else {
        // A bare `noqa` suppresses everything already.
        return line.to_owned();
    };
    // The codes of the list, and where it ends: a token that is no code nor
    // rule name (`--`, a reason) ends it.
    let list_start = after_word + colon + 1;
    let mut end = list_start;
    let mut present: Vec<&str> = Vec::new();
    let bytes = line.as_bytes();
    let mut i = list_start;
    while i < line.len() {
        let c = bytes[i];
        if c == b',' || c == b' ' || c == b'\t' {
            i += 1;
            continue;
        }
        let tok_end = line[i..]
            .find(|ch: char| ch == ',' || ch.is_whitespace())
            .map_or(line.len(), |j| i + j);
        let tok = &line[i..tok_end];
        if !connlint::suppress::is_code(tok) && connlint::rules::find(tok).is_none() {
            break;
        }
        present.push(tok);
        end = tok_end;
        i = tok_end;
    }
    let missing: Vec<&str> = codes
        .iter()
        .filter(|c| !present.iter().any(|p| p.eq_ignore_ascii_case(c)))
        .copied()
        .collect();
    if missing.is_empty() {
        return line.to_owned();
    }
    let sep = if present.is_empty() { " " } else { ", " };
    format!(
        "{}{sep}{}{}",
        &line[..end],
        missing.join(", "),
        &line[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions() {
        let set: BTreeSet<&str> = ["CL101", "CL102"].into_iter().collect();
        assert_eq!(
            with_noqa(Lang::Python, "    conn = get()", &set),
            "    conn = get()  # noqa: CL101, CL102"
        );
        assert_eq!(
            with_noqa(Lang::Python, "    conn = get()  # noqa: CL101", &set),
            "    conn = get()  # noqa: CL101, CL102"
        );
        assert_eq!(
            with_noqa(Lang::Python, "    conn = get()  # noqa", &set),
            "    conn = get()  # noqa"
        );
        assert_eq!(
            with_noqa(Lang::Rust, "    let c = p.get()?;", &set),
            "    let c = p.get()?;  // noqa: CL101, CL102"
        );
        assert_eq!(
            with_noqa(
                Lang::Python,
                "x = 1  # noqa: CL101 -- kept on purpose",
                &set
            ),
            "x = 1  # noqa: CL101, CL102 -- kept on purpose"
        );
        assert_eq!(
            with_noqa(Lang::Python, "x = 1  # noqa: E501, manual-connection", &set),
            "x = 1  # noqa: E501, manual-connection, CL101, CL102"
        );
    }
}
