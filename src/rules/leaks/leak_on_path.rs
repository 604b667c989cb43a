//! CL103 leak-on-path: some `return`, `break` or fall-through leaves the
//! connection open (including never released at all).
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL103.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::leaks::Leak;
use crate::lang::python::resources::Use;
use crate::rules::common::{
    call_text, expected_to_raise, guarded_help, leak_verb, origin_note, scope_display, scope_label,
};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct LeakOnPath;

static META: RuleMeta = RuleMeta {
    code: "CL103",
    name: "leak-on-path",
    summary: "some return/break/fall-through leaves it open (incl. never released)",
    langs: &[Lang::Python],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL103.md"),
};

impl Rule for LeakOnPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for LeakOnPath {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for finding in cx.leaks() {
            let acq = &cx.acquisitions[finding.acquisition];
            let Use::Local { name, fate } = &acq.use_ else {
                continue;
            };
            if expected_to_raise(cx.file, acq.call) {
                continue;
            }
            let range = TextRange::of(acq.call);
            let verb = leak_verb(&acq.resource);
            let where_ = scope_display(cx.file, acq.scope);
            let line_of =
                |n: tree_sitter::Node<'_>| cx.source.lines.line_of(n.start_byte() as u32) + 1;
            let mut d = match &finding.leak {
                Leak::OnException { .. } => continue,
                Leak::OnPath { exit: Some(ret) } => Diagnostic::new(
                    &META,
                    range,
                    if never_released(fate) {
                        format!("`{name}` is never {verb} in {where_}")
                    } else {
                        format!(
                            "`{name}` is still open at the `return` on line {}",
                            line_of(*ret)
                        )
                    },
                )
                .label(range, format!("`{name}` acquired here"))
                .label(
                    TextRange::of(*ret),
                    format!("returns without releasing `{name}`"),
                ),
                Leak::OnPath { exit: None } => {
                    let message = if never_released(fate) {
                        format!("`{name}` is never {verb} in {where_}")
                    } else {
                        format!("`{name}` is still open at the end of {where_} on some path")
                    };
                    let mut d = Diagnostic::new(&META, range, message)
                        .label(range, format!("`{name}` acquired here"));
                    if let Some(last) = last_statement(cx, acq.scope) {
                        d = d.label(
                            TextRange::of(last),
                            format!("the function can end here with `{name}` open"),
                        );
                    }
                    d
                }
                Leak::Reassigned { at } => {
                    let message = if at.id() == acq.call.id() {
                        format!(
                            "`{name}` is acquired again while the previous one is still open (it is never {verb} before the loop comes back)"
                        )
                    } else {
                        format!(
                            "`{name}` is assigned again on line {} while still open",
                            line_of(*at)
                        )
                    };
                    let d = Diagnostic::new(&META, range, message)
                        .label(range, format!("`{name}` acquired here"));
                    if at.id() == acq.call.id() {
                        d
                    } else {
                        d.label(
                            TextRange::of(*at),
                            format!("the open `{name}` is lost here"),
                        )
                    }
                }
            };
            let text = call_text(cx.file, acq.call);
            let is_async = cx.file.scopes[acq.scope as usize].is_async;
            d = d.help(guarded_help(
                cx,
                acq.scope,
                &acq.resource,
                name,
                &text,
                is_async,
            ));
            if let Some(note) = origin_note(cx, acq.scope, &acq.resource) {
                d = d.note(note);
            }
            out.push(d.scope(scope_label(cx.file, acq.scope)));
        }
    }
}

/// The last statement of a function's body.
fn last_statement<'t>(cx: &PyContext<'_, 't>, scope: u32) -> Option<tree_sitter::Node<'t>> {
    let body = cx.file.scopes[scope as usize]
        .node
        .child_by_field_name("body")?;
    let mut cursor = body.walk();
    body.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .last()
}

/// No release, escape or closing `with` anywhere in the function.
fn never_released(fate: &crate::lang::python::resources::Fate<'_>) -> bool {
    fate.releases.is_empty() && fate.escape.is_none() && fate.guarded.is_none()
}
