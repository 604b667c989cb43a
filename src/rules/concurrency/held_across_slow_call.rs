//! CL302 held-across-slow-call: a connection held while waiting on the
//! network, a model or a sleep.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL302.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::values::Val;
use crate::lang::rust::scan::FactKind;
use crate::rules::common::{a_or_an, call_text, pool_name, resource_name, scope_label};
use crate::rules::concurrency::held::{eval_call, regions};
use crate::rules::{
    FixAvailability, PyContext, PythonRule, RsContext, Rule, RuleMeta, RustRule, Status,
};
use crate::source::{Lang, TextRange};

pub struct HeldAcrossSlowCall;

static META: RuleMeta = RuleMeta {
    code: "CL302",
    name: "held-across-slow-call",
    summary: "a connection open across network/LLM/sleep calls, or a pool guard alive across an unrelated `.await`",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL302.md"),
};

impl Rule for HeldAcrossSlowCall {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }

    fn rust(&self) -> Option<&dyn RustRule> {
        Some(self)
    }
}

impl PythonRule for HeldAcrossSlowCall {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        // Ex) a test sleeping while it holds a connection, to provoke a timeout
        if cx.is_test {
            return;
        }
        let mut seen = Vec::new();
        for region in regions(cx) {
            for &call in &region.calls {
                if seen.contains(&call.id()) {
                    continue;
                }
                let (_, callee) = eval_call(cx, region.scope, call);
                let why = match &callee {
                    Val::External(p) | Val::Catalog(_, p) if cx.catalog.is_slow(p) => {
                        if p.ends_with("sleep") && zero_argument(cx, call) {
                            continue;
                        }
                        None
                    }
                    Val::Function { qualname, .. } if cx.catalog.is_slow(qualname) => None,
                    Val::Function { qualname, .. } => match cx
                        .project
                        .function(qualname)
                        .and_then(|f| f.slow_call.clone())
                    {
                        Some(slow) => Some((qualname.clone(), slow)),
                        None => continue,
                    },
                    _ => continue,
                };
                seen.push(call.id());
                let text = call_text(cx.file, call);
                let mut d = if let Some((session, pre)) = &region.session {
                    let d = Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("`{text}` may take seconds, and {session} holds a connection while it runs"),
                    )
                    .label(TextRange::of(call), "slow call while the session holds a connection");
                    let d = match pre {
                        Some(why) => d
                            .label(TextRange::of(region.acquire), "the request's session already holds a connection when this handler starts")
                            .note(format!("{why}; it keeps the connection until a commit, a rollback or the end of the request")),
                        None => d.label(TextRange::of(region.acquire), "the session takes a connection here, and keeps it until a commit or the end of the request"),
                    };
                    d.help("make the slow call before the first query, or give the connection back first (`db.session.commit()`, or `db.session.close()` after reads; a connection kept on `g`: close it and open one after) so it is free while the call waits")
                        .note("a request-scoped session holds its connection for the rest of the request: a few slow calls in flight exhaust the pool")
                } else {
                    let what = resource_name(cx, &region.resource);
                    let held = pool_name(cx, region.scope, &region.resource).map_or_else(
                        || a_or_an(&what),
                        |p| format!("{} from {p}", a_or_an(&what)),
                    );
                    Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("`{text}` may take seconds, and {held} is held while it runs"),
                    )
                    .label(TextRange::of(call), "slow call while the connection is held")
                    .label(
                        TextRange::of(region.acquire),
                        region.taken.clone().unwrap_or_else(|| "connection taken here".to_owned()),
                    )
                    .help("narrow the block: read what you need, give the connection back, make the slow call, then take a connection again to write the result")
                    .note("a connection held across a slow call is unavailable to every other request: a handful of slow calls in flight exhaust the pool")
                };
                if let Some((via, slow)) = why {
                    d = d.note(format!("`{via}` calls `{slow}`"));
                }
                out.push(d.scope(scope_label(cx.file, region.scope)));
            }
        }
    }
}

impl RustRule for HeldAcrossSlowCall {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::Await { .. })) {
            let FactKind::Await {
                guards,
                yields,
                database_work,
                callee,
            } = &e.kind
            else {
                continue;
            };
            // Ex) a test holding a connection across a sleep, to provoke a timeout
            if cx.in_test(e.func) {
                continue;
            }
            // Ex) `sqlx::query("..").fetch_one(&mut *conn).await`: the guard's own work
            if guards.iter().any(|g| g.used) {
                continue;
            }
            // Ex) `tokio::task::yield_now().await` lets other tasks run; it waits on nothing
            if *yields {
                continue;
            }
            // Ex) `pool.acquire().await`, `sqlx::query(..).execute(&pool).await`: database work
            if *database_work {
                continue;
            }
            // Ex) `ids.next_id().await` where `next_id` only locks an in-process
            //     generator; an async helper that awaits nothing at all
            let local = callee
                .as_deref()
                .is_some_and(|c| match c.strip_prefix('.') {
                    Some(method) => cx.project.is_local_method(method),
                    None => cx.project.behaviour_of(c).is_some_and(|b| b.local),
                });
            if local {
                continue;
            }
            // Ex) only a transaction alive, with no pool guard of its own
            let Some(holder) = guards.iter().rev().find(|g| g.pooled) else {
                continue;
            };
            // Awaiting a project function that checks out from a static pool is
            // database work (CL305 when it is the same pool), not a slow call.
            let db_work = cx.scan.calls.iter().any(|c| {
                c.at.start >= e.at.start
                    && c.at.end <= e.at.end
                    && cx
                        .project
                        .behaviour_of(&c.callee)
                        .is_some_and(|b| !b.acquires_statics.is_empty())
            });
            if db_work {
                continue;
            }
            // Ex) `http.get(url).send().await?.json().await?`: one finding for the chain
            if out
                .iter()
                .any(|d| d.rule.code == META.code && d.range.start == e.at.start)
            {
                continue;
            }
            let name = &holder.held.name;
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!(
                        "`{name}` holds a pooled connection while this `.await` waits on something else"
                    ),
                )
                .help(format!(
                    "finish the database work and `drop({name})` before this `.await`, or move the guard into a block that ends before it"
                ))
                .note("while the task is suspended the connection stays checked out: under load the pool runs dry and other requests wait for it")
                .label(holder.held.acq, "connection checked out here"),
            );
        }
    }
}

/// `time.sleep(0)`, `asyncio.sleep(0)`: a yield point, not a wait.
fn zero_argument(cx: &PyContext<'_, '_>, call: tree_sitter::Node<'_>) -> bool {
    call.child_by_field_name("arguments")
        .and_then(|a| a.named_child(0))
        .is_some_and(|a| matches!(cx.file.text_of(a), "0" | "0.0"))
}
