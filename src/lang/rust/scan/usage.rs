//! Syntactic questions about names in an expression: mentioned, moved,
//! kept beyond the call, lent beyond queries.

use tree_sitter::Node;

use super::super::facts::pattern_name;
use super::super::{named_children, text};
use super::{EXECUTOR_METHODS, RESULT_METHODS};
use crate::catalog::rust::RustCatalog;

/// Whether `n` calls a method named in `names` (closures and async blocks excluded).
pub(super) fn calls_any(n: Node<'_>, names: &[&str], src: &str) -> bool {
    let mut stack = vec![n];
    let mut steps = 0;
    while let Some(x) = stack.pop() {
        steps += 1;
        if steps > 20_000 {
            return false;
        }
        if x.kind() == "call_expression"
            && x.child_by_field_id(crate::lang::rust::FIELD.function)
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.field))
                .is_some_and(|m| names.contains(&text(m, src)))
        {
            return true;
        }
        if !matches!(x.kind(), "closure_expression" | "async_block") {
            stack.extend(named_children(x));
        }
    }
    false
}

pub(super) fn contains_kind(n: Node<'_>, kind: &str) -> bool {
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == kind {
            return true;
        }
        if !matches!(x.kind(), "closure_expression" | "async_block") {
            stack.extend(named_children(x));
        }
    }
    false
}

/// Whether `name` occurs as an identifier in `n` (macro arguments included).
#[must_use]
pub fn mentions(n: Node<'_>, name: &str, src: &str) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            return true;
        }
        stack.extend(named_children(x));
    }
    false
}

/// Whether the body text sets a wait timeout somewhere (`wait: Some(..)`, `wait_millis`, `.wait_timeout(..)`).
pub(super) fn mentions_wait(body: &str) -> bool {
    let bytes = body.as_bytes();
    body.match_indices("wait").any(|(i, _)| {
        i == 0 || {
            let c = bytes[i - 1];
            !(c.is_ascii_alphanumeric() || c == b'_')
        }
    })
}

/// Whether `name` is moved or dropped somewhere in `n`: passed by value, returned,
/// stored, captured by a `move` closure, or consumed by a method (`commit`).
#[must_use]
pub fn moves(n: Node<'_>, name: &str, src: &str, cat: &RustCatalog) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![(n, false)];
    while let Some((x, in_move)) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            if in_move {
                return true;
            }
            if let Some(p) = x.parent() {
                let is_value = |field: &str| {
                    p.child_by_field_name(field)
                        .is_some_and(|c| c.id() == x.id())
                };
                let moved = match p.kind() {
                    "arguments"
                    | "return_expression"
                    | "array_expression"
                    | "tuple_expression"
                    | "shorthand_field_initializer" => true,
                    "let_declaration" | "field_initializer" => is_value("value"),
                    "assignment_expression" => is_value("right"),
                    "block" => p
                        .named_child(p.named_child_count().saturating_sub(1) as u32)
                        .is_some_and(|c| c.id() == x.id()),
                    "field_expression" => p
                        .parent()
                        .filter(|g| g.kind() == "call_expression")
                        .and_then(|_| p.child_by_field_id(crate::lang::rust::FIELD.field))
                        .is_some_and(|m| {
                            let m = text(m, src);
                            // `into_*` take `self` by convention (`pool.into()`, `conn.into_inner()`).
                            cat.consuming_methods.contains(m) || m.starts_with("into")
                        }),
                    // Inside a macro (`tokio::select! { r = run(tx, input) => .. }`), a bare
                    // argument `( tx ,` reads as a move.
                    "token_tree" => {
                        x.prev_sibling()
                            .is_some_and(|t| matches!(t.kind(), "(" | ","))
                            && x.next_sibling()
                                .is_some_and(|t| matches!(t.kind(), "," | ")"))
                    }
                    // `std::mem::take(&mut conn)`, `mem::replace(&mut conn, ..)`.
                    "reference_expression" => p
                        .parent()
                        .filter(|a| a.kind() == "arguments")
                        .and_then(|a| a.parent())
                        .and_then(|c| c.child_by_field_id(crate::lang::rust::FIELD.function))
                        .is_some_and(|f| {
                            let t = text(f, src);
                            t.ends_with("mem::take")
                                || t.ends_with("mem::replace")
                                || t == "take"
                                || t == "replace"
                        }),
                    _ => false,
                };
                if moved {
                    return true;
                }
            }
        }
        if x.kind() == "function_item" {
            continue;
        }
        let is_move = matches!(x.kind(), "closure_expression" | "async_block")
            && text(x, src)
                .split(['{', '|'])
                .next()
                .is_some_and(|h| h.split_whitespace().any(|w| w == "move"));
        for c in named_children(x) {
            stack.push((c, in_move || is_move));
        }
    }
    false
}

/// Whether the value a constructor call makes is kept beyond the call: bound and then moved
/// somewhere, passed on, returned or stored.
#[must_use]
pub fn kept(call: Node<'_>, src: &str, cat: &RustCatalog) -> bool {
    let mut n = call;
    for _ in 0..32 {
        let Some(p) = n.parent() else {
            return true;
        };
        match p.kind() {
            "await_expression" | "try_expression" | "parenthesized_expression" => n = p,
            "field_expression" => {
                let m = p
                    .child_by_field_id(crate::lang::rust::FIELD.field)
                    .map_or("", |m| text(m, src));
                let Some(call) = p.parent().filter(|g| g.kind() == "call_expression") else {
                    return false;
                };
                if RESULT_METHODS.contains(&m) {
                    n = call;
                } else {
                    return false;
                }
            }
            "let_declaration" => {
                let Some(name) = p
                    .child_by_field_id(crate::lang::rust::FIELD.pattern)
                    .and_then(|pat| pattern_name(pat, src))
                else {
                    return true;
                };
                let mut sib = p.next_named_sibling();
                while let Some(s) = sib {
                    if moves(s, name, src, cat)
                        || s.next_named_sibling().is_none() && text(s, src) == name
                        || lent_beyond_queries(s, name, src)
                    {
                        return true;
                    }
                    sib = s.next_named_sibling();
                }
                return false;
            }
            "expression_statement" => return false,
            _ => return true,
        }
    }
    true
}

/// Whether the pool a call builds is bound by `let` and then stored in a
/// container by a later statement (`pools.insert(key, pool.clone())`).
#[must_use]
pub fn cached(call: Node<'_>, src: &str) -> bool {
    let mut n = call;
    for _ in 0..32 {
        let Some(p) = n.parent() else {
            return false;
        };
        if p.kind() != "let_declaration" {
            n = p;
            continue;
        }
        let Some(name) = p
            .child_by_field_id(crate::lang::rust::FIELD.pattern)
            .and_then(|pat| pattern_name(pat, src))
        else {
            return false;
        };
        let mut sib = p.next_named_sibling();
        while let Some(s) = sib {
            let mut stack = vec![s];
            while let Some(x) = stack.pop() {
                if x.kind() == "call_expression" {
                    let stores = x
                        .child_by_field_id(crate::lang::rust::FIELD.function)
                        .filter(|f| f.kind() == "field_expression")
                        .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.field))
                        .is_some_and(|m| {
                            matches!(text(m, src), "insert" | "push" | "set" | "get_or_insert")
                        });
                    let args = x.child_by_field_id(crate::lang::rust::FIELD.arguments);
                    if stores && args.is_some_and(|a| mentions(a, name, src)) {
                        return true;
                    }
                }
                stack.extend(named_children(x));
            }
            sib = s.next_named_sibling();
        }
        return false;
    }
    false
}

/// Whether `&name` is handed to a call other than a query (`PgListener::connect_with(&pool)`,
/// `migrate!().run(&pool)`): the callee may keep a clone, so the pool may outlive the call.
pub(super) fn lent_beyond_queries(n: Node<'_>, name: &str, src: &str) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            let mut arg = x;
            while let Some(p) = arg.parent() {
                if matches!(
                    p.kind(),
                    "reference_expression" | "unary_expression" | "parenthesized_expression"
                ) {
                    arg = p;
                } else {
                    break;
                }
            }
            if let Some(args) = arg.parent().filter(|p| p.kind() == "arguments") {
                let callee = args
                    .parent()
                    .and_then(|c| c.child_by_field_id(crate::lang::rust::FIELD.function))
                    .map_or("", |f| match f.kind() {
                        "field_expression" => f
                            .child_by_field_id(crate::lang::rust::FIELD.field)
                            .map_or("", |m| text(m, src)),
                        _ => text(f, src).rsplit("::").next().unwrap_or(""),
                    });
                if !EXECUTOR_METHODS.contains(&callee) && !callee.starts_with("query") {
                    return true;
                }
            }
        }
        if x.kind() != "function_item" {
            stack.extend(named_children(x));
        }
    }
    false
}
