//! CL204 thread-local-connection: a connection cached on `threading.local()`
//! or in a `ContextVar` that is never reset.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL204.md"))]

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::resources::{Escape, Use};
use crate::rules::common::{a_or_an, resource_name, scope_label};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct ThreadLocalConnection;

static META: RuleMeta = RuleMeta {
    code: "CL204",
    name: "thread-local-connection",
    summary: "a connection cached on `threading.local()`",
    langs: &[Lang::Python],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL204.md"),
};

const THREAD_LOCALS: &[&str] = &[
    "threading.local",
    "_thread._local",
    "_threading_local.local",
];

impl Rule for ThreadLocalConnection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for ThreadLocalConnection {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for acq in cx.acquisitions {
            // Ex) `_local.conn = psycopg2.connect(DSN)` / `conn = ...; _local.conn = conn`
            let targets: Vec<Node<'_>> = match &acq.use_ {
                Use::Escapes(Escape::Stored, t) => vec![*t],
                // Every `obj.attr = conn` of the local (it may also be returned).
                Use::Local { name, .. } => cx.file.scopes[acq.scope as usize]
                    .attr_assigns
                    .iter()
                    .filter(|(_, v)| v.kind() == "identifier" && cx.file.text_of(*v) == &**name)
                    .map(|(t, _)| *t)
                    .collect(),
                _ => Vec::new(),
            };
            for target in targets.into_iter().filter(|t| t.kind() == "attribute") {
                let Some(object) = target.child_by_field_name("object") else {
                    continue;
                };
                let path = match object.kind() {
                    "identifier" => bound_call(cx, acq.scope, cx.file.text_of(object)),
                    // `self._local.conn = ...` with `self._local = threading.local()`
                    "attribute" => self_attr_call(cx, acq.scope, object),
                    _ => None,
                };
                let Some(path) = path else {
                    continue;
                };
                if !THREAD_LOCALS.contains(&path.as_str()) {
                    continue;
                }
                let stmt = target
                    .parent()
                    .filter(|p| p.kind() == "assignment")
                    .unwrap_or(target);
                let what = resource_name(cx, &acq.resource);
                out.push(
                    Diagnostic::new(
                        &META,
                        TextRange::of(stmt),
                        format!(
                            "{} is cached on the thread-local `{}`: asyncio tasks share a thread, so concurrent requests use (and close) the same connection",
                            a_or_an(&what),
                            cx.file.text_of(target)
                        ),
                    )
                    .label(TextRange::of(stmt), "stored per thread, not per request")
                    .label(TextRange::of(acq.call), format!("{what} acquired here"))
                    .help("take a connection per request with a `with` block (or a request-scoped dependency) and give it back at the end of the request")
                    .note("in a thread pool the cached connection also outlives the request and is never returned to the pool")
                    .scope(scope_label(cx.file, acq.scope)),
                );
            }
        }
        // Ex) `current_conn.set(conn)` without `current_conn.reset(token)`
        for scope in &cx.file.scopes {
            for &call in &scope.calls {
                let Some(f) = call
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "attribute")
                else {
                    continue;
                };
                let (Some(object), Some(method)) = (
                    f.child_by_field_name("object"),
                    f.child_by_field_name("attribute"),
                ) else {
                    continue;
                };
                if cx.file.text_of(method) != "set" || object.kind() != "identifier" {
                    continue;
                }
                let Some(arg) = call
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0))
                else {
                    continue;
                };
                let Some(acq) = cx.acquisitions.iter().find(|a| {
                    a.scope == scope.id
                        && (a.call.id() == arg.id()
                            || matches!(&a.use_, Use::Local { name, .. } if arg.kind() == "identifier" && **name == *cx.file.text_of(arg)))
                }) else {
                    continue;
                };
                let var = cx.file.text_of(object);
                if bound_call(cx, scope.id, var).as_deref() != Some("contextvars.ContextVar") {
                    continue;
                }
                if resets(cx, scope.id, var) {
                    continue;
                }
                let what = resource_name(cx, &acq.resource);
                out.push(
                    Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("{} is put in the context variable `{var}` and never reset: it outlives the request and is shared with the tasks that copy this context", a_or_an(&what)),
                    )
                    .label(TextRange::of(call), "set here, with no matching `reset`")
                    .label(TextRange::of(acq.call), format!("{what} acquired here"))
                    .help(format!("keep the token and reset it: `token = {var}.set(conn)` ... `finally: {var}.reset(token)` (and give the connection back there)"))
                    .scope(scope_label(cx.file, scope.id)),
                );
            }
        }
    }
}

fn bound_call(cx: &PyContext<'_, '_>, scope: u32, name: &str) -> Option<String> {
    cx.finder
        .bound_call_path(scope, name)
        .map(|p| p.to_string())
}

/// The qualified callee of the call assigned to `self.attr` in the methods
/// of the class around `scope`.
fn self_attr_call(cx: &PyContext<'_, '_>, scope: u32, attr: Node<'_>) -> Option<String> {
    let text = cx.file.text_of(attr);
    if !text.starts_with("self.") {
        return None;
    }
    let class = cx.file.scopes[scope as usize].class.clone()?;
    for s in &cx.file.scopes {
        if s.class.as_deref() != Some(&*class) {
            continue;
        }
        for &(target, value) in &s.attr_assigns {
            if cx.file.text_of(target) == text {
                if let Some(p) = cx.finder.callee_path(s.id, value) {
                    return Some(p.to_string());
                }
            }
        }
    }
    None
}

/// Whether `scope` calls `var.reset(...)`.
fn resets(cx: &PyContext<'_, '_>, scope: u32, var: &str) -> bool {
    cx.file.scopes[scope as usize].calls.iter().any(|&c| {
        c.child_by_field_name("function")
            .is_some_and(|f: Node<'_>| {
                f.kind() == "attribute"
                    && f.child_by_field_name("object")
                        .is_some_and(|o| cx.file.text_of(o) == var)
                    && f.child_by_field_name("attribute")
                        .is_some_and(|a| cx.file.text_of(a) == "reset")
            })
    })
}
