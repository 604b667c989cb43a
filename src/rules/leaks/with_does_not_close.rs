//! CL105 with-does-not-close: `with psycopg2.connect() as conn:` (and
//! sqlite3) ends the transaction, not the connection.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL105.md"))]

use crate::catalog::WithSemantics;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::lang::python::resources::Use;
use crate::lang::python::rewrite::{derived_escape, import_for_fix};
use crate::rules::common::{call_text, resource_name, scope_label};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct WithDoesNotClose;

static META: RuleMeta = RuleMeta {
    code: "CL105",
    name: "with-does-not-close",
    summary: "`with psycopg2.connect() as c` / sqlite3: the block ends the transaction, not the connection",
    langs: &[Lang::Python],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../../rules/CL105.md"),
};

impl Rule for WithDoesNotClose {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for WithDoesNotClose {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
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
                    let mut d = Diagnostic::new(
                        &META,
                        TextRange::of(acq.call),
                        format!("`with {text}` commits or rolls back at the end of the block, but {consequence}"),
                    )
                    .label(TextRange::of(acq.call), format!("a {what}: its `with` only ends the transaction"))
                    .help(help)
                    .scope(scope_label(cx.file, acq.scope));
                    let escape = item
                        .parent()
                        .and_then(|c| c.parent())
                        .and_then(|w| derived_escape(cx.file, w, var));
                    if let Some(at) = escape {
                        // No fix: closing the connection at the end of the block
                        // would close what the caller still reads.
                        d = d
                            .label(TextRange::of(at), format!("made from `{var}` and used after the block: closing `{var}` there would break it"))
                            .note(format!("read the rows out inside the block (`.fetchall()`) before `{var}` is closed, then close it with `contextlib.closing`"));
                    } else if !pooled {
                        d.fix = closing_fix(cx, *item, acq.call);
                    }
                    out.push(d);
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

/// `with psycopg2.connect(DSN) as conn:` → `with closing(psycopg2.connect(DSN)) as conn, conn:`
/// (closes the connection and keeps the transaction block), with the import it needs.
/// Safe: the connection is closed where it was leaked, nothing else changes
/// (the caller checks that nothing made from it is read after the block).
fn closing_fix(
    cx: &PyContext<'_, '_>,
    item: tree_sitter::Node<'_>,
    call: tree_sitter::Node<'_>,
) -> Option<Fix> {
    let pattern = item.named_child(0).filter(|c| c.kind() == "as_pattern")?;
    let value = pattern.named_child(0)?;
    if value.id() != call.id() {
        return None;
    }
    let alias = pattern.child_by_field_name("alias")?;
    let var = alias.named_child(0).filter(|n| n.kind() == "identifier")?;
    if alias.named_child_count() != 1 {
        return None;
    }
    let var = cx.file.text_of(var);
    let (closing, import) = import_for_fix(cx.file, "contextlib", "closing", false)?;
    let call_src = cx.file.text_of(call);
    let mut edits = vec![Edit {
        range: TextRange::of(item),
        content: format!("{closing}({call_src}) as {var}, {var}"),
    }];
    edits.extend(import);
    edits.sort_by_key(|e| e.range.start);
    Some(Fix {
        title: format!("close it: `with {closing}(...) as {var}, {var}:`"),
        applicability: Applicability::Safe,
        edits,
    })
}
