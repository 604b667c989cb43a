//! CL303 leaked-guard: a pool guard leaked with `.leak()`, `mem::forget`,
//! `Box::leak` or `ManuallyDrop::new`.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL303.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::rust::scan::FactKind;
use crate::rules::{FixAvailability, RsContext, Rule, RuleMeta, RustRule, Status};
use crate::source::Lang;

pub struct LeakedGuard;

static META: RuleMeta = RuleMeta {
    code: "CL303",
    name: "leaked-guard",
    summary: "`.leak()`, `mem::forget`, `Box::leak`, `ManuallyDrop::new` of a pool guard",
    langs: &[Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL303.md"),
};

impl Rule for LeakedGuard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn rust(&self) -> Option<&dyn RustRule> {
        Some(self)
    }
}

impl RustRule for LeakedGuard {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::GuardLeaked { .. })) {
            let detach = e.kind == (FactKind::GuardLeaked { detach: true });
            // Ex) `Object::take(conn)` to keep a dedicated session (unless `detach = true`)
            if detach && !cx.flag_detach {
                continue;
            }
            let d = if detach {
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("pooled connection taken out of its pool with {}", e.what),
                )
                .note("the pool no longer counts it: it opens a replacement, so the server sees more connections than the pool's size")
            } else {
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("pool guard leaked with {}: its connection never returns to the pool", e.what),
                )
                .note("the pool's capacity shrinks by one for good; enough of these and every checkout waits")
            };
            out.push(d.help("let the guard drop (or `drop(conn)`) to return the connection; to keep it, move the guard where it is needed"));
        }
    }
}
