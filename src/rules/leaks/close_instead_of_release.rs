//! CL104 close-instead-of-release: a pooled connection `close()`d instead of
//! being given back to its pool.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL104.md"))]

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::lang::python::resources::Use;
use crate::lang::python::values::Via;
use crate::rules::common::{origin_note, place_name, pool_name, scope_label};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct CloseInsteadOfRelease;

static META: RuleMeta = RuleMeta {
    code: "CL104",
    name: "close-instead-of-release",
    summary: "pooled connection `close()`d instead of returned to its pool",
    langs: &[Lang::Python],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../../rules/CL104.md"),
};

impl Rule for CloseInsteadOfRelease {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for CloseInsteadOfRelease {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for acq in cx.acquisitions {
            let Use::Local { name, fate } = &acq.use_ else {
                continue;
            };
            let Some(pool) = &acq.resource.pool else {
                continue;
            };
            let def = cx.catalog.pool(pool.def);
            // Ex) DBUtils' PooledDB: `close()` on a pooled connection gives it back.
            if def.close_returns {
                continue;
            }
            let Some(release) = def.release.first() else {
                continue;
            };
            let pool_text =
                pool_name(cx, acq.scope, &acq.resource).unwrap_or_else(|| "its pool".to_owned());
            let recv = if pool.named {
                place_name(cx.file, acq.scope, &pool.id)
            } else {
                "pool".to_owned()
            };
            let await_kw = if def.is_async { "await " } else { "" };
            for &r in &fate.releases {
                let Some(f) = r.child_by_field_name("function") else {
                    continue;
                };
                if f.kind() != "attribute" {
                    continue;
                }
                let method = f
                    .child_by_field_name("attribute")
                    .map_or("", |a| cx.file.text_of(a));
                if method != "close" {
                    continue;
                }
                let object = f
                    .child_by_field_name("object")
                    .map_or("", |o| cx.file.text_of(o));
                let (message, note) = if def.close_discards {
                    (
                        format!(
                            "`{object}.close()` throws away a connection taken from {pool_text} instead of releasing it: the next acquire opens a new server connection"
                        ),
                        "the pool frees the slot but loses the connection; under load every request pays a new connection's setup",
                    )
                } else {
                    (
                        format!(
                            "`{object}.close()` closes a connection taken from {pool_text} without giving it back: the pool still counts it as in use"
                        ),
                        "once every slot is taken by closed connections, `getconn()` fails with \"connection pool exhausted\" at once",
                    )
                };
                // The project's own releaser, next to the acquirer (`release_db_connection`).
                let project_release = match &acq.resource.via {
                    Via::Project(f) => cx.project.function(f).and_then(|s| {
                        cx.project
                            .releasers_in(&s.module)
                            .first()
                            .map(|r| r.qualname.clone())
                    }),
                    _ => None,
                };
                // The fix: the same release, spelt with names this file has.
                let bound = |n: &str| {
                    cx.file.scopes[0].bindings.contains_key(n)
                        || cx.file.scopes[acq.scope as usize].bindings.contains_key(n)
                };
                let awaited = r.parent().is_some_and(|p| p.kind() == "await");
                let replacement = match &project_release {
                    Some(q) => {
                        let short = q.rsplit('.').next().unwrap_or(q);
                        bound(short).then(|| format!("{short}({object})"))
                    }
                    None if pool.named
                        && !recv.contains('.')
                        && bound(&recv)
                        && (def.is_async == awaited) =>
                    {
                        Some(format!("{recv}.{release}({object})"))
                    }
                    None => None,
                };
                let help = match project_release {
                    Some(q) => {
                        let short = q.rsplit('.').next().unwrap_or(&q);
                        format!("return it with `{short}({object})` (`{q}`), in a `finally:` block")
                    }
                    None => format!(
                        "return it with `{await_kw}{recv}.{release}({object})` (in a `finally:` block, or use the pool's context manager)"
                    ),
                };
                let mut d = Diagnostic::new(&META, TextRange::of(r), message)
                    .label(TextRange::of(r), "closed, not returned")
                    .label(
                        TextRange::of(acq.call),
                        format!("`{name}` taken from {pool_text} here"),
                    )
                    .help(help)
                    .note(note);
                if let Some(note) = origin_note(cx, acq.scope, &acq.resource) {
                    d = d.note(note);
                }
                // Unsafe: the connection stays open and goes back to the pool,
                // where a closed one would have been discarded.
                if let Some(content) = replacement {
                    d.fix = Some(Fix {
                        title: format!("return it: `{content}`"),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit {
                            range: TextRange::of(r),
                            content,
                        }],
                    });
                }
                out.push(d.scope(scope_label(cx.file, acq.scope)));
            }
        }
    }
}
