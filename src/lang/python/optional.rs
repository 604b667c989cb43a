//! Optional-connection parameters: `def balance(user, conn=None)` that takes
//! a connection of its own only when the caller passed none.
//!
//! ```python
//! async def balance(self, user, conn=None):
//!     local = conn is None
//!     if local:
//!         conn = await self.pool.acquire()
//!     ...
//!     if local:
//!         await self.pool.release(conn)
//! ```
//!
//! Such a function releases only what it acquired: the caller's connection
//! is never released by it, and a caller that passes its connection makes it
//! take none. Reading `pool.release(conn)` as "releases its parameter" turned
//! the caller's never-released connection into an exception-only leak, and
//! the call into a second connection from the pool.

use tree_sitter::Node;

use crate::lang::python::model::{Binding, PyFile};

/// For the function of scope `id`: the parameters it assigns again
/// (`rebound`), and among them those assigned only under a test that they
/// are `None` (`optional`), by index.
#[must_use]
pub fn rebound_params(file: &PyFile<'_>, id: u32) -> (Vec<u32>, Vec<u32>) {
    let scope = &file.scopes[id as usize];
    let mut rebound = Vec::new();
    let mut optional = Vec::new();
    // The `if` conditions of the body, gathered on first need (one walk).
    let mut conditions: Option<Vec<Node<'_>>> = None;
    for (i, p) in scope.params.iter().enumerate() {
        let Some(bindings) = scope.bindings.get(&p.name) else {
            continue;
        };
        let others: Vec<&Binding<'_>> = bindings
            .iter()
            .filter(|b| !matches!(b, Binding::Param(_)))
            .collect();
        let i = i as u32;
        if others.is_empty() {
            // Ex) `if conn is None: async with pool.acquire() as own: return await f(own)`
            let conds = conditions.get_or_insert_with(|| if_conditions(scope.node));
            if conds
                .iter()
                .any(|c| tests_none(file, *c, &p.name, true, id, 0))
            {
                optional.push(i);
            }
            continue;
        }
        rebound.push(i);
        let guarded = others.iter().all(|b| match b {
            Binding::Value(v) => under_none_test(file, scope.node, *v, &p.name, id),
            _ => false,
        });
        if guarded {
            optional.push(i);
        }
    }
    (rebound, optional)
}

/// The conditions of the `if` statements of the function's own body (not
/// of nested functions), at most a few hundred.
fn if_conditions(function: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let Some(body) = function.child_by_field_name("body") else {
        return out;
    };
    let mut stack = vec![body];
    let mut budget = 10_000u32;
    while let Some(n) = stack.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 || out.len() >= 256 {
            break;
        }
        match n.kind() {
            // Nested scopes are not the function's; statements that are
            // expressions hold no `if` statement.
            "function_definition"
            | "class_definition"
            | "lambda"
            | "expression_statement"
            | "return_statement" => continue,
            "if_statement" => {
                if let Some(c) = n.child_by_field_name("condition") {
                    // Only conditions that can name a parameter and `None`/`not`.
                    if matches!(
                        c.kind(),
                        "identifier"
                            | "not_operator"
                            | "comparison_operator"
                            | "parenthesized_expression"
                    ) {
                        out.push(c);
                    }
                }
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

/// Whether `node` only runs when `param` is `None`: inside the body of
/// `if param is None:` / `if not param:` (or of a flag holding that test,
/// `own = param is None; if own:`), or in the `else` of the opposite test.
fn under_none_test(
    file: &PyFile<'_>,
    function: Node<'_>,
    node: Node<'_>,
    param: &str,
    id: u32,
) -> bool {
    let mut child = node;
    let mut current = node.parent();
    while let Some(n) = current {
        if n.id() == function.id() {
            return false;
        }
        match n.kind() {
            "if_statement" => {
                if let Some(cond) = n.child_by_field_name("condition") {
                    let in_body = n
                        .child_by_field_name("consequence")
                        .is_some_and(|c| c.id() == child.id());
                    let in_else = child.kind() == "else_clause";
                    if (in_body && tests_none(file, cond, param, true, id, 0))
                        || (in_else && tests_none(file, cond, param, false, id, 0))
                    {
                        return true;
                    }
                }
            }
            // `conn = conn or await pool.acquire()`: only when `conn` is falsy.
            "boolean_operator" => {
                let op = n.child_by_field_name("operator").map(|o| file.text_of(o));
                let left = n.child_by_field_name("left");
                let right = n.child_by_field_name("right");
                if op == Some("or")
                    && right.is_some_and(|r| r.id() == child.id())
                    && left.is_some_and(|l| l.kind() == "identifier" && file.text_of(l) == param)
                {
                    return true;
                }
            }
            _ => {}
        }
        child = n;
        current = n.parent();
    }
    false
}

/// Whether `cond` being `truth` means `param` is `None` (or falsy).
fn tests_none(
    file: &PyFile<'_>,
    cond: Node<'_>,
    param: &str,
    truth: bool,
    id: u32,
    depth: u32,
) -> bool {
    if depth > 4 {
        return false;
    }
    match cond.kind() {
        "parenthesized_expression" => cond
            .named_child(0)
            .is_some_and(|c| tests_none(file, c, param, truth, id, depth + 1)),
        "not_operator" => cond
            .child_by_field_name("argument")
            .is_some_and(|c| tests_none(file, c, param, !truth, id, depth + 1)),
        "identifier" => {
            let name = file.text_of(cond);
            if name == param {
                // `if not conn:` is the None test; `if conn:` is its opposite.
                return !truth;
            }
            // A flag: `own = conn is None` (its only binding).
            let scope = &file.scopes[id as usize];
            match scope.bindings.get(name).map(Vec::as_slice) {
                Some([Binding::Value(v)]) => tests_none(file, *v, param, truth, id, depth + 1),
                _ => false,
            }
        }
        "comparison_operator" => {
            let mut cursor = cond.walk();
            let parts: Vec<Node<'_>> = cond.children(&mut cursor).collect();
            if parts.len() < 3 {
                return false;
            }
            let (left, right) = (parts[0], parts[parts.len() - 1]);
            let subject = match (left.kind(), right.kind()) {
                (_, "none") => left,
                ("none", _) => right,
                _ => return false,
            };
            if subject.kind() != "identifier" || file.text_of(subject) != param {
                return false;
            }
            let op: Vec<&str> = parts[1..parts.len() - 1]
                .iter()
                .map(|p| file.text_of(*p))
                .collect();
            match op.join(" ").as_str() {
                "is" | "==" => truth,
                "is not" | "!=" => !truth,
                _ => false,
            }
        }
        _ => false,
    }
}
