//! CL101 manual-connection: a connection the function manages itself,
//! acquired outside `with`/`async with`.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL101.md"))]

use crate::diagnostic::{Diagnostic, Label, Severity};
use tree_sitter::Node;

use crate::lang::python::leaks::Leak;
use crate::lang::python::model::{PyFile, ScopeKind};
use crate::lang::python::resources::{Escape, Use};
use crate::lang::python::rewrite::{guarded_fix, is_context_manager_body};
use crate::rules::common::{
    call_text, expected_to_raise, guarded_help, has_no_with, in_finally, origin_note, pool_name,
    resource_name, scope_display, scope_label,
};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct ManualConnection;

static META: RuleMeta = RuleMeta {
    code: "CL101",
    name: "manual-connection",
    summary: "a connection acquired outside `with`/`async with`",
    langs: &[Lang::Python],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../../rules/CL101.md"),
};

impl Rule for ManualConnection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for ManualConnection {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for (index, acq) in cx.acquisitions.iter().enumerate() {
            // Ex) the body of `@contextmanager def get_db_cursor(): conn = pool.getconn(); try: yield ...`
            if is_context_manager_body(cx, acq) {
                continue;
            }
            // Ex) `with pytest.raises(OperationalError): psycopg2.connect(BAD_DSN)` and
            //     `try: engine.connect(); assert False; except DBAPIError: ...`
            if expected_to_raise(cx.file, acq.call) {
                continue;
            }
            let range = TextRange::of(acq.call);
            let text = call_text(cx.file, acq.call);
            let what = resource_name(cx, &acq.resource);
            let is_async = cx.file.scopes[acq.scope as usize].is_async;
            let mut d = match &acq.use_ {
                // Ex) `with closing(psycopg2.connect(DSN)) as conn:` / `async with pool.acquire() as conn:`
                Use::With { .. }
                // Ex) `return pool.getconn()` (a factory), `self.conn = psycopg2.connect()` (stored)
                | Use::Escapes(..)
                // Ex) `pool.putconn(pool.getconn())`
                | Use::Released => continue,
                Use::Local { name, fate } => {
                    // Ex) `conn = psycopg2.connect(); ...; return conn` (the caller manages it)
                    //     or, at module level, a global connection that functions use
                    //     (but not one assigned again below, `f = open(a)` then `f = open(b)`,
                    //     nor one the module itself closes by hand)
                    let captured = matches!(fate.escape, Some((Escape::Captured, _)));
                    let overwritten = if captured {
                        overwritten_below(cx.file, acq.call, name)
                    } else {
                        None
                    };
                    let module_closes = captured
                        && cx.file.scopes[acq.scope as usize].kind == ScopeKind::Module
                        && !fate.releases.is_empty();
                    // Ex) `fh = open(a)` ... `fh = None` ... `return fh`: the name is
                    //     returned, but not this value (the path analysis saw it lost
                    //     to another assignment; not to its own next loop iteration,
                    //     which CL103 reports on a getter that retries)
                    let lost = matches!(fate.escape, Some((Escape::Returned, _)))
                        && cx.leaks().iter().any(|l| {
                            l.acquisition == index
                                && matches!(l.leak, Leak::Reassigned { at } if at.id() != acq.call.id())
                        });
                    if fate.escape.is_some() && overwritten.is_none() && !module_closes && !lost {
                        continue;
                    }
                    // Ex) `conn = sqlite3.connect(path)` then `with closing(conn):`
                    if fate.guarded.is_some() {
                        continue;
                    }
                    // Ex) `try: ... finally: pool.putconn(conn)` with `allow-finally = true`:
                    //     correct, only not the guarded form (CL102/CL103 still report leaks)
                    if cx.manual_connection_allow_finally
                        && !fate.releases.is_empty()
                        && fate.releases.iter().all(|r| in_finally(*r))
                    {
                        continue;
                    }
                    // Ex) `conn = await asyncpg.connect(dsn)` ... `finally: await conn.close()`:
                    //     no `with` can hold it, so the `finally` is the guarded form
                    if has_no_with(cx, &acq.resource)
                        && !fate.releases.is_empty()
                        && fate.releases.iter().all(|r| in_finally(*r))
                    {
                        continue;
                    }
                    let where_ = scope_display(cx.file, acq.scope);
                    let mut d = if fate.releases.is_empty() {
                        Diagnostic::new(
                            &META,
                            range,
                            format!("`{name}` is acquired outside a `with` block and never released in {where_}"),
                        )
                    } else {
                        Diagnostic::new(
                            &META,
                            range,
                            format!("`{name}` is acquired outside a `with` block and released by hand"),
                        )
                    };
                    for r in &fate.releases {
                        let text = if in_finally(*r) {
                            "released by hand in `finally`"
                        } else {
                            "released by hand here: skipped if anything above raises or returns"
                        };
                        d = d.label(TextRange::of(*r), text);
                    }
                    if let Some(again) = overwritten {
                        d = d.label(
                            TextRange::of(again),
                            format!("`{name}` is assigned again here: the first {what} is lost"),
                        );
                    }
                    if let Some(w) = fate.transaction_with {
                        d = d.label(
                            TextRange::of(w),
                            format!("`with {name}:` ends the transaction but does not release the connection"),
                        );
                    }
                    d.fix = guarded_fix(cx, acq, name, &fate.releases);
                    d.help(guarded_help(cx, acq.scope, &acq.resource, name, &text, is_async))
                }
                Use::Discarded => Diagnostic::new(
                    &META,
                    range,
                    format!("`{text}` acquires a {what} that is never bound or released"),
                )
                .help(guarded_help(cx, acq.scope, &acq.resource, "conn", &text, is_async)),
                Use::Chained(user) => {
                    let d = Diagnostic::new(
                        &META,
                        range,
                        format!("`{text}` acquires a {what} that is used inline and never released"),
                    );
                    let d = if user.kind() == "attribute" {
                        d.label(TextRange::of(*user), "used here, then dropped while still open")
                    } else {
                        d
                    };
                    d.help(guarded_help(cx, acq.scope, &acq.resource, "conn", &text, is_async))
                }
                Use::Unread { container } => {
                    let object = container
                        .child_by_field_name("value")
                        .map_or("", |o| cx.file.text_of(o));
                    Diagnostic::new(
                        &META,
                        range,
                        format!("`{text}` acquires a {what} that is stored in `{object}`, which is never read, and never released"),
                    )
                    .label(
                        TextRange::of(*container),
                        format!("`{object}` is dropped at the end of {} with the {what} still open", scope_display(cx.file, acq.scope)),
                    )
                    .help(guarded_help(cx, acq.scope, &acq.resource, "conn", &text, is_async))
                }
                Use::Leaked { callee } => Diagnostic::new(
                    &META,
                    range,
                    format!(
                        "`{text}` acquires a {what} that is passed to `{}` and never released",
                        cx.file.text_of(*callee)
                    ),
                )
                .label(TextRange::of(*callee), "neither keeps nor releases its argument")
                .help(guarded_help(cx, acq.scope, &acq.resource, "conn", &text, is_async)),
            };
            // The acquisition's own label comes first.
            d.labels.insert(
                0,
                Label {
                    range,
                    message: pool_name(cx, acq.scope, &acq.resource).map_or_else(
                        || format!("{what} acquired here"),
                        |p| format!("{what} taken from {p} here"),
                    ),
                },
            );
            if let Some(note) = origin_note(cx, acq.scope, &acq.resource) {
                d = d.note(note);
            }
            out.push(d.scope(scope_label(cx.file, acq.scope)));
        }
    }
}

/// For an acquisition bound by module-level code (`f = open(a)`, also
/// inside a module-level `with` or `if`): a later statement that assigns
/// `name` again (`f = open(b)`), which drops the first value whatever the
/// functions that read the global do with the second. Later statements are
/// those after the acquisition's statement in its block, and after each
/// enclosing statement in its own (not the other branches of an `if` or
/// `try`).
fn overwritten_below<'t>(file: &PyFile<'t>, call: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut node = call;
    loop {
        let parent = node.parent()?;
        if matches!(
            parent.kind(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            return None;
        }
        if matches!(parent.kind(), "block" | "module") {
            let mut next = node.next_named_sibling();
            while let Some(n) = next {
                if let Some(a) = assigns_name(file, n, name) {
                    return Some(a);
                }
                next = n.next_named_sibling();
            }
        }
        if parent.kind() == "module" {
            return None;
        }
        node = parent;
    }
}

/// An assignment to `name` in `stmt` (not in the functions or classes it defines).
fn assigns_name<'t>(file: &PyFile<'t>, stmt: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut stack = vec![stmt];
    let mut budget = 10_000u32;
    while let Some(n) = stack.pop() {
        budget = budget.checked_sub(1)?;
        match n.kind() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "assignment" => {
                let left = n.child_by_field_name("left");
                if left.is_some_and(|l| l.kind() == "identifier" && file.text_of(l) == name) {
                    return Some(n);
                }
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    None
}
