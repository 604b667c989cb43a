//! Conditions and calls the leak analysis reads without following them:
//! closed-state tests (`if not conn.closed:`) and calls nobody guards.

use tree_sitter::Node;

use super::Events;

/// Calls a user never guards: they are taken not to raise.
const QUIET_BUILTINS: &[&str] = &[
    "print",
    "len",
    "isinstance",
    "issubclass",
    "hasattr",
    "id",
    "repr",
    "str",
    "bool",
    "type",
    "callable",
    "dir",
    "locals",
    "vars",
];
const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
];

/// `print(...)`, `len(...)`, `logger.info(...)`, `conn.is_closed()`: calls
/// nobody guards.
pub(super) fn quiet_call(text: &str, call: Node<'_>) -> bool {
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    match f.kind() {
        "identifier" => QUIET_BUILTINS.contains(&text.get(f.byte_range()).unwrap_or("")),
        "attribute" => {
            let method = f
                .child_by_field_name("attribute")
                .and_then(|a| text.get(a.byte_range()))
                .unwrap_or("");
            let object = f
                .child_by_field_name("object")
                .and_then(|o| text.get(o.byte_range()))
                .unwrap_or("");
            // Ex) `conn.is_closed()` (asyncpg): a state query, not a round trip.
            (method == "is_closed"
                && call
                    .child_by_field_name("arguments")
                    .is_some_and(|a| a.named_child_count() == 0))
                || (LOG_METHODS.contains(&method) && object.to_ascii_lowercase().contains("log"))
        }
        _ => false,
    }
}

/// Whether `cond`, taken as `truth`, says the tracked connection is closed
/// (`Some(true)`) or open (`Some(false)`) by one of its closed-state
/// predicates: `conn.closed`, `conn.is_closed()`, `conn.closed == 0`,
/// `conn.closed is True`. `None`: the condition is not such a test.
pub(super) fn closed_test(
    text: &str,
    cond: Node<'_>,
    truth: bool,
    ev: &Events<'_>,
) -> Option<bool> {
    if ev.closed.is_empty() {
        return None;
    }
    let name_of = |n: Node<'_>| text.get(n.byte_range()).unwrap_or("");
    // The predicate itself: `x.closed` or `x.is_closed()` on a tracked name.
    let predicate = |n: Node<'_>| -> bool {
        let (attr, wanted) = match n.kind() {
            "attribute" => (n, false),
            "call"
                if n.child_by_field_name("arguments")
                    .is_some_and(|a| a.named_child_count() == 0) =>
            {
                match n.child_by_field_name("function") {
                    Some(f) if f.kind() == "attribute" => (f, true),
                    _ => return false,
                }
            }
            _ => return false,
        };
        let (Some(object), Some(name)) = (
            attr.child_by_field_name("object"),
            attr.child_by_field_name("attribute"),
        ) else {
            return false;
        };
        object.kind() == "identifier"
            && ev.tracked.iter().any(|t| **t == *name_of(object))
            && ev.closed.iter().any(|c| match c.strip_suffix("()") {
                Some(method) => wanted && method == name_of(name),
                None => !wanted && **c == *name_of(name),
            })
    };
    if predicate(cond) {
        return Some(truth);
    }
    if cond.kind() != "comparison_operator" {
        return None;
    }
    let mut cursor = cond.walk();
    let parts: Vec<Node<'_>> = cond.children(&mut cursor).collect();
    let [left, op, right] = parts[..] else {
        return None;
    };
    if !predicate(left) {
        return None;
    }
    let literal = match right.kind() {
        "true" | "false" | "integer" => !matches!(name_of(right), "False" | "0"),
        _ => return None,
    };
    match name_of(op) {
        "==" | "is" => Some(truth == literal),
        "!=" => Some(truth != literal),
        _ => None,
    }
}
