//! Imports that fixes leave unused: `from app.db import get_conn, put_conn`
//! once every `conn = get_conn()` … `put_conn(conn)` of the file is
//! rewritten onto `with get_db_cursor() as (cur, conn):`. Ruff would report
//! them (`F401`); the fixer drops them after its last pass, when all of a
//! file's fixes are in.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::diagnostic::Edit;
use crate::source::{Lang, TextRange};

/// `fixed` without the names of its module-level `from ... import ...`
/// statements that `original` used and `fixed` no longer does. `None` when
/// nothing is to be dropped (or the file has an `__all__`, whose strings
/// may name them).
#[must_use]
pub fn drop_unused_imports(original: &str, fixed: &str) -> Option<String> {
    if fixed.contains("__all__") {
        return None;
    }
    let before_tree = crate::lang::parse(Lang::Python, original)?;
    let after_tree = crate::lang::parse(Lang::Python, fixed)?;
    let before = references(before_tree.root_node(), original);
    let after = references(after_tree.root_node(), fixed);
    let dropped = |bound: &str| {
        after.get(bound).copied().unwrap_or(0) == 0 && before.get(bound).copied().unwrap_or(0) > 0
    };
    let root = after_tree.root_node();
    let mut edits = Vec::new();
    let mut cursor = root.walk();
    for stmt in root.named_children(&mut cursor) {
        if stmt.kind() != "import_from_statement" {
            continue;
        }
        let text = &fixed[stmt.byte_range()];
        // Parenthesised or commented lists are left as they are.
        if text.contains('(') || text.contains('#') || text.contains('\\') {
            continue;
        }
        let Some(module) = stmt.child_by_field_name("module_name") else {
            continue;
        };
        let mut c = stmt.walk();
        let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut c).collect();
        let bound_of = |n: Node<'_>| {
            let b = n.child_by_field_name("alias").unwrap_or(n);
            &fixed[b.byte_range()]
        };
        let kept: Vec<&str> = names
            .iter()
            .filter(|n| !dropped(bound_of(**n)))
            .map(|n| &fixed[n.byte_range()])
            .collect();
        if kept.len() == names.len() {
            continue;
        }
        let edit = if kept.is_empty() {
            // The whole line goes.
            let start = fixed[..stmt.start_byte()].rfind('\n').map_or(0, |i| i + 1);
            if fixed[start..stmt.start_byte()].trim().is_empty() {
                let end = fixed[stmt.end_byte()..]
                    .find('\n')
                    .map_or(fixed.len(), |i| stmt.end_byte() + i + 1);
                Edit {
                    range: TextRange::new(start, end),
                    content: String::new(),
                }
            } else {
                continue;
            }
        } else {
            Edit {
                range: TextRange::new(stmt.start_byte(), stmt.end_byte()),
                content: format!(
                    "from {} import {}",
                    &fixed[module.byte_range()],
                    kept.join(", ")
                ),
            }
        };
        edits.push(edit);
    }
    if edits.is_empty() {
        return None;
    }
    // In file order, one per statement: they cannot overlap.
    let mut out = String::with_capacity(fixed.len());
    let mut at = 0;
    for e in &edits {
        out.push_str(fixed.get(at..e.range.start as usize)?);
        out.push_str(&e.content);
        at = e.range.end as usize;
    }
    out.push_str(fixed.get(at..)?);
    Some(out)
}

/// How often each name is read or bound outside import statements (not as
/// an attribute's or keyword argument's name).
fn references(root: Node<'_>, text: &str) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "import_statement" | "import_from_statement" | "future_import_statement" => continue,
            "identifier" => {
                let skip = n.parent().is_some_and(|p| {
                    let field =
                        |f: &str| p.child_by_field_name(f).is_some_and(|c| c.id() == n.id());
                    (p.kind() == "attribute" && field("attribute"))
                        || (p.kind() == "keyword_argument" && field("name"))
                });
                if !skip {
                    *out.entry(text[n.byte_range()].to_owned()).or_default() += 1;
                }
            }
            // A name in a string annotation (`"Connection"`) or a docstring:
            // counted, so that such a name is never dropped.
            "string" => {
                for word in text[n.byte_range()]
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                {
                    *out.entry(word.to_owned()).or_default() += 1;
                }
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::drop_unused_imports;

    #[test]
    fn names_the_fix_stopped_using_go_and_the_rest_stay() {
        let before = "from app.db import get_conn, put_conn, get_db_cursor\n\n\ndef f():\n    conn = get_conn()\n    put_conn(conn)\n\n\ndef g():\n    return get_conn()\n";
        let after = "from app.db import get_conn, put_conn, get_db_cursor\n\n\ndef f():\n    with get_db_cursor() as (cur, conn):\n        pass\n\n\ndef g():\n    return get_conn()\n";
        assert_eq!(
            drop_unused_imports(before, after).as_deref(),
            Some(
                "from app.db import get_conn, get_db_cursor\n\n\ndef f():\n    with get_db_cursor() as (cur, conn):\n        pass\n\n\ndef g():\n    return get_conn()\n"
            )
        );
    }

    #[test]
    fn a_statement_left_empty_goes_with_its_line() {
        let before = "import os\nfrom .db import take, give\n\nx = take()\ngive(x)\n";
        let after = "import os\nfrom .db import take, give\n\nx = 1\n";
        assert_eq!(
            drop_unused_imports(before, after).as_deref(),
            Some("import os\n\nx = 1\n")
        );
    }

    #[test]
    fn unused_before_the_fix_or_named_in_all_or_parenthesised_stays() {
        // Unused already before: not the fix's doing.
        assert_eq!(
            drop_unused_imports("from a import b\n", "from a import b\n"),
            None
        );
        // `__all__` may name it in a string.
        let before = "from a import b\n__all__ = ['b']\nb()\n";
        assert_eq!(
            drop_unused_imports(before, "from a import b\n__all__ = ['b']\n"),
            None
        );
        // A parenthesised list is left as written.
        let before = "from a import (\n    b,\n    c,\n)\nb()\nc()\n";
        assert_eq!(
            drop_unused_imports(before, "from a import (\n    b,\n    c,\n)\nc()\n"),
            None
        );
        // An alias is the bound name.
        let before = "from a import b as d, c\nd()\nc()\n";
        assert_eq!(
            drop_unused_imports(before, "from a import b as d, c\nc()\n").as_deref(),
            Some("from a import c\nc()\n")
        );
    }
}
