//! Where a function holds a connection: the body of a `with` over it, or the
//! statements a manual acquisition may still be open at (from the leak
//! analysis). CL302 and CL305 look for calls made there.

use tree_sitter::Node;

use crate::lang::python::values::{ResRef, Val};
use crate::rules::PyContext;

/// Code run while a connection is held.
pub struct Region<'t> {
    pub scope: u32,
    /// The acquisition, or the `with` item's call.
    pub acquire: Node<'t>,
    pub resource: ResRef,
    /// Calls made while it is held, in source order (nested functions excluded).
    pub calls: Vec<Node<'t>>,
}

/// Every region of the file.
#[must_use]
pub fn regions<'t>(cx: &PyContext<'_, 't>) -> Vec<Region<'t>> {
    let mut out = Vec::new();
    for hold in cx.holds {
        let Some(body) = hold.with_stmt.child_by_field_name("body") else {
            continue;
        };
        out.push(Region {
            scope: hold.scope,
            acquire: hold.call,
            resource: hold.resource.clone(),
            calls: calls_in(&[body]),
        });
    }
    for (index, code) in cx.open() {
        let acq = &cx.acquisitions[*index];
        let mut calls = calls_in(code);
        calls.retain(|c| c.id() != acq.call.id());
        out.push(Region {
            scope: acq.scope,
            acquire: acq.call,
            resource: acq.resource.clone(),
            calls,
        });
    }
    out.sort_by_key(|r| r.acquire.start_byte());
    out
}

/// Calls under `roots`, not inside nested functions, lambdas or classes.
fn calls_in<'t>(roots: &[Node<'t>]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack: Vec<Node<'t>> = roots.to_vec();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "function_definition" | "lambda" | "class_definition" | "decorated_definition" => {
                continue;
            }
            "call" => out.push(n),
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out.sort_by_key(|c| (c.start_byte(), c.end_byte()));
    out.dedup_by_key(|c| c.id());
    out
}

/// What a call and its callee evaluate to.
#[must_use]
pub fn eval_call<'t>(cx: &PyContext<'_, 't>, scope: u32, call: Node<'t>) -> (Val, Val) {
    let ev = cx.finder.ev();
    let env = cx.file.env(scope);
    let callee = call
        .child_by_field_name("function")
        .map_or(Val::Unknown, |f| ev.eval(&cx.file.sym(f, scope), &env));
    let value = ev.eval(&cx.file.sym(call, scope), &env);
    (value, callee)
}
