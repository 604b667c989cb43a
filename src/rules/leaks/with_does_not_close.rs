//! CL105 with-does-not-close: `with psycopg2.connect() as conn:` (and
//! sqlite3) ends the transaction, not the connection.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL105.md"))]

use crate::catalog::WithSemantics;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::resources::Use;
use crate::rules::common::{call_text, resource_name, scope_label};
use crate::rules::{FixAvailability, PyContext, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct WithDoesNotClose;

static META: RuleMeta = RuleMeta {
    code: "CL105",
    name: "with-does-not-close",
    summary: "`with psycopg2.connect() as c` / sqlite3: the block ends the transaction, not the connection",
    langs: &[Lang::Python],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL105.md"),
};

impl Rule for WithDoesNotClose {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_python(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for acq in cx.acquisitions {
            let def = cx.catalog.resource(acq.resource.def);
            if def.with != WithSemantics::Transaction {
                continue;
            }
            let what = resource_name(cx, &acq.resource);
            let pooled = acq.resource.pool.is_some();
            let consequence = if pooled {
                "it does not return the connection to the pool"
            } else {
                "it does not close the connection"
            };
            match &acq.use_ {
                // Ex) `with psycopg2.connect(DSN) as conn:`
                Use::With {
                    closes: false,
                    item,
                } => {
                    let text = call_text(cx.file, acq.call);
                    let var = item
                        .named_child(0)
                        .filter(|c| c.kind() == "as_pattern")
                        .and_then(|p| p.child_by_field_name("alias"))
                        .map_or("conn", |a| cx.file.text_of(a));
                    let help = if pooled {
                        "use the pool's context manager (or return the connection in `finally:`); keep `with conn:` inside it for the transaction".to_owned()
                    } else {
                        format!(
                            "use `with contextlib.closing({text}) as {var}, {var}:` to close it and keep the transaction"
                        )
                    };
                    out.push(
                        Diagnostic::new(
                            &META,
                            TextRange::of(acq.call),
                            format!("`with {text}` commits or rolls back at the end of the block, but {consequence}"),
                        )
                        .label(TextRange::of(acq.call), format!("a {what}: its `with` only ends the transaction"))
                        .help(help)
                        .scope(scope_label(cx.file, acq.scope)),
                    );
                }
                // Ex) `conn = sqlite3.connect(path)` then only `with conn:`
                Use::Local { name, fate } => {
                    let Some(item) = fate.transaction_with else {
                        continue;
                    };
                    if !fate.releases.is_empty() || fate.escape.is_some() || fate.guarded.is_some()
                    {
                        continue;
                    }
                    out.push(
                        Diagnostic::new(
                            &META,
                            TextRange::of(item),
                            format!("`with {name}:` commits or rolls back at the end of the block, but {consequence}"),
                        )
                        .label(TextRange::of(item), "ends the transaction only")
                        .label(TextRange::of(acq.call), format!("`{name}` acquired here and never closed"))
                        .help(format!("close it too: `with contextlib.closing({}) as {name}, {name}:`", call_text(cx.file, acq.call)))
                        .scope(scope_label(cx.file, acq.scope)),
                    );
                }
                _ => {}
            }
        }
    }
}
