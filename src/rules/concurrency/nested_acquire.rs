//! CL305 nested-acquire: a second connection from the same pool while one is held.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL305.md"))]

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::facts::with_item_of;
use crate::lang::python::summaries::FnSummary;
use crate::lang::python::values::Val;
use crate::lang::rust::scan::FactKind;
use crate::rules::common::{call_text, place_name, scope_label};
use crate::rules::concurrency::held::{eval_call, regions};
use crate::rules::{
    FixAvailability, PyContext, PythonRule, RsContext, Rule, RuleMeta, RustRule, Status,
};
use crate::source::{Lang, TextRange};

pub struct NestedAcquire;

static META: RuleMeta = RuleMeta {
    code: "CL305",
    name: "nested-acquire",
    summary: "a second connection from the same pool taken while one is held",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL305.md"),
};

impl Rule for NestedAcquire {
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

impl PythonRule for NestedAcquire {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        // Ex) a test that opens a second connection on purpose (to see the first's locks)
        if cx.is_test {
            return;
        }
        let mut seen = Vec::new();
        for region in regions(cx) {
            // Only named pools can be told apart (`app.db.connection_pool`).
            let Some(pool) = region.resource.pool.as_ref().filter(|p| p.named) else {
                continue;
            };
            for &call in &region.calls {
                if seen.contains(&call.id()) {
                    continue;
                }
                let (value, callee) = eval_call(cx, region.scope, call);
                let same = |v: &Val| {
                    let r = match v {
                        Val::Resource(r, true) => Some(r),
                        Val::Cm(inner) => inner.resource(),
                        // Ex) `with Cursor() as audit:` on a wrapper class that checks out on enter
                        Val::Instance(class) if with_item_of(call).is_some() => {
                            cx.project.wrapper(class)
                        }
                        _ => None,
                    };
                    r.and_then(|r| r.pool.as_ref())
                        .is_some_and(|p| p.id == pool.id)
                };
                // Ex) `await pool.fetchval(...)` inside `async with pool.acquire() as conn:`
                let pool_query = matches!(&callee, Val::PoolMethod(p, m)
                    if p.id == pool.id && cx.catalog.pool(p.def).queries.iter().any(|q| **q == **m))
                    && !rebound_to_connection(cx, region.scope, call);
                let via = if same(&value) || pool_query {
                    None
                } else if let Val::Function { qualname, bound } = &callee {
                    match cx.project.function(qualname) {
                        // Ex) `await self.balance(user, conn=conn)` on `def balance(self, user, conn=None)`
                        //     that acquires only when `conn is None`
                        Some(f) if passes_optional(cx, call, f, *bound) => continue,
                        Some(f) if f.acquires_from.contains(&pool.id) => Some(qualname.clone()),
                        _ => continue,
                    }
                } else {
                    continue;
                };
                seen.push(call.id());
                let text = call_text(cx.file, call);
                let pool_text = place_name(cx.file, region.scope, &pool.id);
                let message = match &via {
                    None if pool_query => format!(
                        "`{text}` checks a second connection out of `{pool_text}` for this query while this function already holds one"
                    ),
                    None => format!(
                        "`{text}` takes a second connection from `{pool_text}` while this function already holds one"
                    ),
                    Some(f) => format!(
                        "`{text}` takes a second connection from `{pool_text}` (inside `{f}`) while this function already holds one"
                    ),
                };
                out.push(
                    Diagnostic::new(&META, TextRange::of(call), message)
                        .label(TextRange::of(call), "second connection from the same pool")
                        .label(TextRange::of(region.acquire), "first connection, still held")
                        .help("pass the connection (or cursor) you already hold to the code that needs it, or finish with the first before taking the second")
                        .note("each request then needs two connections at once: the pool is exhausted at half the load, and a blocking pool deadlocks when every holder waits for its second connection")
                        .scope(scope_label(cx.file, region.scope)),
                );
            }
        }
    }
}

impl RustRule for NestedAcquire {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::Checkout { .. })) {
            let FactKind::Checkout { key, held, .. } = &e.kind else {
                continue;
            };
            // Ex) `let a = pool.acquire().await?; drop(a); let b = pool.acquire().await?;`
            //     (nothing held), or a guard from another pool
            let Some(held) = held else {
                continue;
            };
            // Ex) a pool with no binding to tell it by (`make_pool().get()`)
            if key.is_empty() {
                continue;
            }
            // Ex) a test taking two connections on purpose
            if cx.in_test(e.func) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!(
                        "second connection from the same pool: {} while `{}` is held",
                        e.what, held.name
                    ),
                )
                .help("use the connection you hold (`&mut *conn`), or release it before taking another")
                .note("each request then needs two connections at once: at pool-size concurrency every request waits for a second connection that nobody returns")
                .label(held.acq, "first connection checked out here"),
            );
        }
        for c in &cx.scan.calls {
            if c.live.is_empty() || cx.in_test(c.func) {
                continue;
            }
            let Some(b) = cx.project.behaviour_of(&c.callee) else {
                continue;
            };
            // A guard lent by the caller (`transaction: &mut Transaction<'_, Postgres>`)
            // has no pool binding here: a pool of this function passed to the
            // callee is taken to be the one it came from.
            let hit = c.live.iter().find(|(key, _, _)| {
                b.acquires_params.iter().any(|&i| {
                    c.arg_keys
                        .get(i)
                        .and_then(Option::as_ref)
                        .is_some_and(|k| k == key || key.is_empty())
                }) || b.acquires_statics.contains(key)
            });
            if let Some((key, acq, name)) = hit {
                let callee = c.callee.rsplit("::").next().unwrap_or(&c.callee);
                out.push(
                    Diagnostic::new(
                        &META,
                        c.at,
                        format!(
                            "`{callee}` checks out a connection from `{key}` while `{name}` is held"
                        ),
                    )
                    .label(*acq, "first connection checked out here")
                    .help(format!(
                        "pass the held connection to `{callee}` (`&mut *{name}`) instead of the pool, or release `{name}` first"
                    ))
                    .note("each request then needs two connections at once: at pool-size concurrency every request waits for a second connection that nobody returns"),
                );
            }
        }
    }
}

/// Whether the receiver of `call` (`pool` in `pool.fetch(...)`) is a name the
/// scope also binds to a connection: `async with pool.acquire() as pool:`
/// reuses the pool's name for the connection, and the evaluator, which does
/// not follow the order of bindings, cannot tell which one a call sees.
fn rebound_to_connection(cx: &PyContext<'_, '_>, scope: u32, call: Node<'_>) -> bool {
    let Some(receiver) = call
        .child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("object"))
        .filter(|o| o.kind() == "identifier")
    else {
        return false;
    };
    let name = cx.file.text_of(receiver);
    let Some(syms) = cx.file.scopes[scope as usize].locals.get(name) else {
        return false;
    };
    let ev = cx.finder.ev();
    let env = cx.file.env(scope);
    syms.iter()
        .any(|s| !matches!(ev.eval(s, &env), Val::Pool(_) | Val::Unknown))
}

/// Whether `call` passes, to one of the callee's optional-connection
/// parameters (`conn=None` filled only when `None`), something other than
/// `None`: the callee then uses it and takes no connection of its own.
fn passes_optional(cx: &PyContext<'_, '_>, call: Node<'_>, f: &FnSummary, bound: bool) -> bool {
    if f.optional_params.is_empty() {
        return false;
    }
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    let mut index = u32::from(bound);
    for a in args.named_children(&mut cursor) {
        match a.kind() {
            "comment" => {}
            // `*args`, `**kwargs`: what they carry is not known
            "list_splat" | "dictionary_splat" => return false,
            "keyword_argument" => {
                let name = a.child_by_field_name("name").map(|n| cx.file.text_of(n));
                let value = a.child_by_field_name("value");
                let param = f
                    .params
                    .iter()
                    .position(|p| Some(&**p) == name)
                    .map(|p| p as u32);
                if param.is_some_and(|p| f.optional_params.contains(&p))
                    && value.is_some_and(|v| v.kind() != "none")
                {
                    return true;
                }
            }
            kind => {
                if f.optional_params.contains(&index) && kind != "none" {
                    return true;
                }
                index += 1;
            }
        }
    }
    false
}
