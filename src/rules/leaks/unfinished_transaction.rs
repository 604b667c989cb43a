//! CL304 unfinished-transaction: a transaction that no path commits, rolls
//! back, returns or moves.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL304.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::rust::scan::FactKind;
use crate::rules::{FixAvailability, RsContext, Rule, RuleMeta, RustRule, Status};
use crate::source::Lang;

pub struct UnfinishedTransaction;

static META: RuleMeta = RuleMeta {
    code: "CL304",
    name: "unfinished-transaction",
    summary: "a transaction that no path commits, rolls back, returns or moves",
    langs: &[Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL304.md"),
};

impl Rule for UnfinishedTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn rust(&self) -> Option<&dyn RustRule> {
        Some(self)
    }
}

impl RustRule for UnfinishedTransaction {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::TxEnd { .. })) {
            // Ex) `let tx = pool.begin().await?; ...; tx.commit().await?;` (or
            //     `rollback`, `return Ok(tx)`, `finish(tx)`: moved on)
            if e.kind == (FactKind::TxEnd { finished: true }) {
                continue;
            }
            // Ex) a test that begins a transaction and lets it roll back on purpose
            if cx.in_test(e.func) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("transaction `{}` is never committed or rolled back", e.what),
                )
                .help(format!("call `{}.commit().await?` when the work is done", e.what))
                .note("a transaction dropped without `commit()` rolls back: every write made in it is silently lost"),
            );
        }
    }
}
