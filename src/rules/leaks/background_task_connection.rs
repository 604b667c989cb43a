//! CL106 background-task-connection: a request's dependency connection
//! handed to a background task, which runs after the request is done with it.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL106.md"))]

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::common::{a_or_an, resource_name, scope_label};
use crate::rules::concurrency::held::{calls_in, dependencies};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct BackgroundTaskConnection;

static META: RuleMeta = RuleMeta {
    code: "CL106",
    name: "background-task-connection",
    summary: "a request's dependency connection handed to a background task, which runs after the request is done with it",
    langs: &[Lang::Python],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL106.md"),
};

impl Rule for BackgroundTaskConnection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for BackgroundTaskConnection {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for scope in &cx.file.scopes {
            let Some(body) = scope.node.child_by_field_name("body") else {
                continue;
            };
            let deps = dependencies(cx, scope.id);
            if deps.is_empty() {
                continue;
            }
            for call in task_calls(cx, body) {
                for (arg, name) in task_arguments(cx, call) {
                    let Some(dep) = deps.iter().find(|d| *d.param == *name) else {
                        continue;
                    };
                    let what = resource_name(cx, &dep.resource);
                    let d = Diagnostic::new(
                        &META,
                        TextRange::of(arg),
                        format!(
                            "`{name}` is the request's {what}, handed to a background task: the task runs after the request is done with it"
                        ),
                    )
                    .label(TextRange::of(arg), "handed to the task here")
                    .label(
                        TextRange::of(dep.call),
                        format!("{} {what} that FastAPI gives back when the request ends", a_or_an(&what)),
                    )
                    .note("FastAPI 0.106 to 0.117 run a `yield` dependency's exit code before background tasks: the task uses a connection already closed or back in its pool; from 0.118 the exit waits for the task, so the request's slot stays checked out for as long as the task runs (an e-mail, a report, a retry loop). FastAPI's documentation says not to use a `yield` dependency's resources in background tasks")
                    .help("give the task what makes a connection (the pool, the session factory) and open its own inside it: `with SessionLocal() as db:` / `with pool.connection() as conn:`")
                    .scope(scope_label(cx.file, scope.id));
                    out.push(d);
                }
            }
        }
    }
}

/// `tasks.add_task(fn, ...)` and `BackgroundTask(fn, ...)` calls made
/// directly in `body` (nested functions excluded), in source order.
fn task_calls<'t>(cx: &PyContext<'_, 't>, body: Node<'t>) -> Vec<Node<'t>> {
    calls_in(&[body])
        .into_iter()
        .filter(|n| {
            n.child_by_field_name("function")
                .and_then(|f| match f.kind() {
                    "identifier" => Some(f),
                    "attribute" => f.child_by_field_name("attribute"),
                    _ => None,
                })
                .is_some_and(|l| matches!(cx.file.text_of(l), "add_task" | "BackgroundTask"))
        })
        .collect()
}

/// The arguments a task call hands to the task (all but the function), as
/// plain names.
fn task_arguments<'t>(cx: &PyContext<'_, 't>, call: Node<'t>) -> Vec<(Node<'t>, &'t str)> {
    let Some(args) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .skip(1)
        .filter_map(|a| {
            let value = if a.kind() == "keyword_argument" {
                a.child_by_field_name("value")?
            } else {
                a
            };
            (value.kind() == "identifier").then(|| (value, cx.file.text_of(value)))
        })
        .collect()
}
