//! The lines of a fix shown under a finding in human output.

use crate::diagnostic::Edit;

/// Lines of a fix shown under a finding: what each edit removes (`- `) and
/// adds (`+ `), on whole lines, at most `max` of them.
#[must_use]
pub fn preview(text: &str, fix: &crate::diagnostic::Fix, max: usize) -> Vec<String> {
    let mut edits: Vec<&Edit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| e.range.start);
    let mut out = Vec::new();
    let mut hidden = 0usize;
    for e in edits {
        let (start, end) = (e.range.start as usize, e.range.end as usize);
        let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
            continue;
        };
        let from = before.rfind('\n').map_or(0, |i| i + 1);
        let to = after.find('\n').map_or(text.len(), |i| end + i + 1);
        let old = &text[from..to];
        let new = format!("{}{}{}", &text[from..start], e.content, &text[end..to]);
        let diff = similar::TextDiff::from_lines(old, new.as_str());
        for change in diff.iter_all_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => "- ",
                similar::ChangeTag::Insert => "+ ",
                similar::ChangeTag::Equal => continue,
            };
            if out.len() < max {
                let line = change.value().trim_end_matches(['\n', '\r']);
                out.push(format!("{sign}{line}"));
            } else {
                hidden += 1;
            }
        }
    }
    if hidden > 0 {
        out.push(format!(
            "  ... {hidden} more line{}",
            if hidden == 1 { "" } else { "s" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::preview;
    use crate::diagnostic::Edit;
    use crate::source::TextRange;
    #[test]
    fn preview_shows_changed_lines_only_and_caps_them() {
        use crate::diagnostic::{Applicability, Fix};
        let text = "a\nb\nc\nd\n";
        let fix = Fix {
            title: String::new(),
            applicability: Applicability::Safe,
            edits: vec![
                Edit {
                    range: TextRange::new(2, 3),
                    content: "B".to_owned(),
                },
                Edit {
                    range: TextRange::new(0, 0),
                    content: "x\ny\n".to_owned(),
                },
            ],
        };
        assert_eq!(preview(text, &fix, 10), ["+ x", "+ y", "- b", "+ B"]);
        assert_eq!(preview(text, &fix, 2), ["+ x", "+ y", "  ... 2 more lines"]);
    }
}
