//! Syntax questions of the leak analysis: which names a node assigns, and
//! whether a statement is in an `except` handler.

use tree_sitter::Node;

use super::{Kind, walk};

/// `(target, value)` of the plain-name assignments a node makes: `x = v`,
/// `x := v`, `a, x = ...` (value unknown), `for x in ...`, `with ... as x`.
pub(super) fn assignments<'t>(kind: &Kind<'t>) -> Vec<(Node<'t>, Option<Node<'t>>)> {
    let mut out = Vec::new();
    match *kind {
        Kind::Header(n) if n.kind() == "for_statement" => {
            if let Some(left) = n.child_by_field_name("left") {
                targets(left, None, &mut out);
            }
        }
        Kind::Header(n) if n.kind() == "with_statement" => {
            walk(&[n], |node, nested| {
                if !nested && node.kind() == "as_pattern" {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        targets(alias, None, &mut out);
                    }
                }
            });
            // Only the items: not the body (walk stops at nothing, so filter).
            let body = n.child_by_field_name("body");
            out.retain(|(t, _)| body.is_none_or(|b| t.start_byte() < b.start_byte()));
        }
        Kind::Stmt(n) | Kind::Cond(n) => {
            walk(&[n], |node, nested| {
                if nested {
                    return;
                }
                match node.kind() {
                    "assignment" | "augmented_assignment" => {
                        if let Some(left) = node.child_by_field_name("left") {
                            let value = if node.kind() == "assignment" {
                                node.child_by_field_name("right")
                            } else {
                                None
                            };
                            targets(left, value, &mut out);
                        }
                    }
                    "named_expression" => {
                        if let Some(name) = node.child_by_field_name("name") {
                            out.push((name, node.child_by_field_name("value")));
                        }
                    }
                    _ => {}
                }
            });
        }
        _ => {}
    }
    out
}

fn targets<'t>(
    left: Node<'t>,
    value: Option<Node<'t>>,
    out: &mut Vec<(Node<'t>, Option<Node<'t>>)>,
) {
    targets_at(left, value, out, 0);
}

/// `targets`, `depth` levels into nested patterns (bounded on any input).
fn targets_at<'t>(
    left: Node<'t>,
    value: Option<Node<'t>>,
    out: &mut Vec<(Node<'t>, Option<Node<'t>>)>,
    depth: u32,
) {
    if depth > 32 {
        return;
    }
    match left.kind() {
        "identifier" => out.push((left, value)),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
            let mut cursor = left.walk();
            for c in left.named_children(&mut cursor) {
                targets_at(c, None, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether `stmt` is inside an `except` clause of the function (not of a
/// nested function).
pub(super) fn in_except_handler(stmt: Node<'_>) -> bool {
    let mut n = stmt;
    for _ in 0..512 {
        let Some(p) = n.parent() else { return false };
        match p.kind() {
            "except_clause" | "except_group_clause" => return true,
            "function_definition" | "lambda" | "class_definition" => return false,
            _ => n = p,
        }
    }
    false
}
