//! CL301 blocking-in-async: a sync driver or pool call inside `async def`.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL301.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::dbapi::{DBAPI_METHODS, SESSION_QUERY_LEAVES};
use crate::lang::python::model::ScopeKind;
use crate::lang::python::values::Val;
use crate::lang::rust::scan::FactKind;
use crate::rules::common::{a_or_an, call_text, pool_name, resource_name, scope_label};
use crate::rules::concurrency::held::{dependencies, eval_call};
use crate::rules::{
    FixAvailability, PyContext, PythonRule, RsContext, Rule, RuleMeta, RustRule, Status,
};
use crate::source::{Lang, TextRange};

pub struct BlockingInAsync;

static META: RuleMeta = RuleMeta {
    code: "CL301",
    name: "blocking-in-async",
    summary: "sync pool/driver calls inside `async def`/`async fn`, not in an executor or `spawn_blocking`",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL301.md"),
};

impl Rule for BlockingInAsync {
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

impl PythonRule for BlockingInAsync {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        let is_async_fn = |scope: u32| {
            let s = &cx.file.scopes[scope as usize];
            s.kind == ScopeKind::Function && s.is_async
        };
        let mut seen = Vec::new();
        let mut flagged = Vec::new();
        // Ex) `conn = get_db_connection()` or `with engine.connect() as conn:` in `async def`
        for acq in cx.acquisitions {
            if !is_async_fn(acq.scope) || acq.resource.is_async {
                continue;
            }
            // `await something()`: whatever it returns, the call itself did not block here.
            if awaited(acq.call) {
                continue;
            }
            seen.push(acq.call.id());
            flagged.push(acq.scope);
            out.push(finding(cx, acq.call, acq.scope, &acq.resource, false));
        }
        // Ex) `with get_db_cursor() as (cur, conn):` over a ThreadedConnectionPool in `async def`
        for hold in cx.holds {
            if !is_async_fn(hold.scope)
                || hold.resource.is_async
                || hold.is_async_with
                || seen.contains(&hold.call.id())
            {
                continue;
            }
            seen.push(hold.call.id());
            flagged.push(hold.scope);
            out.push(finding(cx, hold.call, hold.scope, &hold.resource, true));
        }
        // Ex) `db_update_map(bot.connection)` in `async def on_ready`, where the
        //     sync helper runs `connection.cursor().execute(...)`: one finding per
        //     coroutine, at its first blocking call, the others as labels.
        for (id, scope) in cx.file.scopes.iter().enumerate() {
            let id = id as u32;
            if !is_async_fn(id) || flagged.contains(&id) {
                continue;
            }
            // Ex) `async def h(db: Session = Depends(get_db))`: FastAPI runs a sync
            //     dependency in its threadpool, but the queries on `db` run here.
            let sync_deps: Vec<(std::sync::Arc<str>, String)> = dependencies(cx, id)
                .into_iter()
                .filter(|d| !d.resource.is_async)
                .map(|d| (d.param, resource_name(cx, &d.resource)))
                .collect();
            let blocking: Vec<(tree_sitter::Node<'_>, Blocking)> = scope
                .calls
                .iter()
                .filter(|c| !awaited(**c) && !seen.contains(&c.id()))
                .filter_map(|&c| {
                    blocking_call(cx, id, c)
                        .or_else(|| on_dependency(cx, c, &sync_deps).map(Blocking::Direct))
                        .map(|b| (c, b))
                })
                .collect();
            let Some(((first, why), rest)) = blocking.split_first() else {
                continue;
            };
            out.push(helper_finding(cx, id, *first, why, rest));
        }
    }
}

/// Why a call made in a coroutine blocks on the database.
enum Blocking {
    /// A sync project function that does database work (what it does first).
    Helper(std::sync::Arc<str>, std::sync::Arc<str>),
    /// A DB-API method on a sync driver's connection.
    Direct(String),
}

fn blocking_call<'t>(
    cx: &PyContext<'_, 't>,
    scope: u32,
    call: tree_sitter::Node<'t>,
) -> Option<Blocking> {
    let (_, callee) = eval_call(cx, scope, call);
    match callee {
        Val::Function { qualname, .. } => {
            let f = cx.project.function(&qualname)?;
            if f.is_async {
                return None;
            }
            Some(Blocking::Helper(qualname.clone(), f.sync_db.clone()?))
        }
        // Ex) `CONN.cursor()` on a module-global sqlite3 connection
        Val::ResourceMethod(r, m) if !r.is_async && DBAPI_METHODS.contains(&&*m) => {
            Some(Blocking::Direct(resource_name(cx, &r)))
        }
        _ => None,
    }
}

/// `db.query(User).all()`, `conn.cursor()`: a query method called on a
/// parameter that a sync dependency fills (what it holds, when it is).
fn on_dependency(
    cx: &PyContext<'_, '_>,
    call: tree_sitter::Node<'_>,
    deps: &[(std::sync::Arc<str>, String)],
) -> Option<String> {
    if deps.is_empty() {
        return None;
    }
    let f = call.child_by_field_name("function")?;
    if f.kind() != "attribute" {
        return None;
    }
    let method = cx.file.text_of(f.child_by_field_name("attribute")?);
    if !(DBAPI_METHODS.contains(&method)
        || SESSION_QUERY_LEAVES.contains(&method)
        || method == "query")
    {
        return None;
    }
    // The root of `db.query(User).filter(...).all`.
    let mut root = f.child_by_field_name("object")?;
    loop {
        root = match root.kind() {
            "attribute" => root.child_by_field_name("object")?,
            "call" => root.child_by_field_name("function")?,
            "identifier" => break,
            _ => return None,
        };
    }
    let name = cx.file.text_of(root);
    deps.iter()
        .find(|(p, _)| &**p == name)
        .map(|(_, what)| what.clone())
}

fn helper_finding(
    cx: &PyContext<'_, '_>,
    scope: u32,
    call: tree_sitter::Node<'_>,
    why: &Blocking,
    rest: &[(tree_sitter::Node<'_>, Blocking)],
) -> Diagnostic {
    let text = call_text(cx.file, call);
    let s = &cx.file.scopes[scope as usize];
    let what = match why {
        Blocking::Helper(..) => "runs synchronous database work".to_owned(),
        Blocking::Direct(what) => format!("is a synchronous call on {}", a_or_an(what)),
    };
    let mut d = Diagnostic::new(
        &META,
        TextRange::of(call),
        format!(
            "`{text}` {what} inside `async def {}`: the event loop is blocked while it waits",
            s.name
        ),
    )
    .label(
        TextRange::of(call),
        "a blocking call on the event loop's thread",
    );
    for (c, _) in rest {
        d = d.label(TextRange::of(*c), "blocks the event loop too");
    }
    if let Blocking::Helper(via, first) = why {
        let via = via.rsplit('.').next().unwrap_or(via);
        d = d.note(format!("`{via}` is a sync `def` that does {first}"));
    }
    d.help("run the database work in a thread with `await asyncio.to_thread(fn, ...)` (or `loop.run_in_executor`), or use an async driver (asyncpg, psycopg's AsyncConnection, aiosqlite)")
        .note("while a query runs every other task on this event loop waits: a slow or unreachable database stalls the whole service (for a bot, its gateway heartbeat)")
        .scope(scope_label(cx.file, scope))
}

impl RustRule for BlockingInAsync {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::Checkout { .. } | FactKind::Connect { .. })) {
            let (sync, what) = match &e.kind {
                FactKind::Checkout { sync, driver, .. } => {
                    (*sync, format!("{} ({driver})", e.what))
                }
                FactKind::Connect { sync, .. } => (*sync, e.what.clone()),
                _ => continue,
            };
            // Ex) `pool.acquire().await` on sqlx, deadpool, bb8: an async checkout
            if !sync {
                continue;
            }
            // Ex) `fn load(pool: &r2d2::Pool<M>)`: sync code may block (its async
            //     callers are flagged at the call, from the summaries)
            if !e.async_ctx {
                continue;
            }
            // Ex) `spawn_blocking(move || pool.get())`, `web::block(..)`
            if e.offloaded {
                continue;
            }
            // Ex) a sync-looking call that is awaited at once: not a blocking one
            if e.awaited {
                continue;
            }
            // Ex) `#[tokio::test]` set-up, `#[tokio::main]` before the server
            //     starts: nothing else runs on the runtime yet
            if cx.in_test(e.func) || cx.func(e.func).is_main {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("blocking database call {what} in async code"),
                )
                .help("run it in `tokio::task::spawn_blocking` (or `web::block`, deadpool's `interact`), or use an async pool (deadpool, bb8, sqlx, diesel-async)")
                .note("it blocks a runtime worker thread until a connection is free: every task on that worker stalls"),
            );
        }
        for c in &cx.scan.calls {
            if !c.async_ctx || c.offloaded || c.awaited {
                continue;
            }
            if cx.in_test(c.func) || cx.func(c.func).is_main {
                continue;
            }
            // Ex) `let conn = &mut pool.get()?; load_users(conn)`: the checkout is the finding
            if has_finding(cx, out, c.func) {
                continue;
            }
            let Some(sig) = cx.project.resolve_fn(&c.callee) else {
                continue;
            };
            if sig.is_async {
                continue;
            }
            let Some(why) = cx
                .project
                .behaviour_of(&c.callee)
                .and_then(|b| b.blocking.clone())
            else {
                continue;
            };
            let callee = c.callee.rsplit("::").next().unwrap_or(&c.callee);
            out.push(
                Diagnostic::new(
                    &META,
                    c.at,
                    format!("`{callee}` blocks on {why}, called from async code"),
                )
                .help("run it in `tokio::task::spawn_blocking` (or `web::block`), or make it use an async pool")
                .note("it blocks a runtime worker thread until a connection is free: every task on that worker stalls"),
            );
        }
        // A query on a guard of a synchronous pool: one finding per function,
        // at its first, when the function has no other (its checkout is one).
        let mut flagged: Vec<usize> = Vec::new();
        for e in cx.facts(|k| matches!(k, FactKind::SyncQuery { .. })) {
            let FactKind::SyncQuery { driver } = &e.kind else {
                continue;
            };
            if !e.async_ctx || e.offloaded || e.awaited || flagged.contains(&e.func) {
                continue;
            }
            if cx.in_test(e.func) || cx.func(e.func).is_main {
                continue;
            }
            flagged.push(e.func);
            if has_finding(cx, out, e.func) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("blocking database query {} ({driver}) in async code", e.what),
                )
                .help("run the database work in `tokio::task::spawn_blocking` (or `web::block`), or use an async driver")
                .note("the query blocks a runtime worker thread until the database answers: every task on that worker stalls"),
            );
        }
    }
}

fn awaited(call: tree_sitter::Node<'_>) -> bool {
    let mut n = call;
    while let Some(p) = n.parent() {
        match p.kind() {
            "parenthesized_expression" => n = p,
            "await" => return true,
            _ => return false,
        }
    }
    false
}

fn finding(
    cx: &PyContext<'_, '_>,
    call: tree_sitter::Node<'_>,
    scope: u32,
    r: &crate::lang::python::values::ResRef,
    guarded: bool,
) -> Diagnostic {
    let text = call_text(cx.file, call);
    let what = resource_name(cx, r);
    let from = pool_name(cx, scope, r).map_or_else(String::new, |p| format!(" from {p}"));
    let s = &cx.file.scopes[scope as usize];
    let message = if guarded {
        format!(
            "`{text}` takes {}{from} synchronously inside `async def {}`: the event loop is blocked while it waits",
            a_or_an(&what),
            s.name
        )
    } else {
        format!(
            "`{text}` acquires {}{from} synchronously inside `async def {}`: the event loop is blocked while it waits",
            a_or_an(&what),
            s.name
        )
    };
    let d = Diagnostic::new(&META, TextRange::of(call), message)
        .label(TextRange::of(call), "a blocking call on the event loop's thread")
        .help(format!(
            "move the database work into a sync `def` and run it with `await asyncio.to_thread(fn, ...)` (or `run_in_threadpool`), make the route a plain `def`, or use an async driver{}",
            if r.pool.is_some() { " and pool (asyncpg, psycopg_pool's AsyncConnectionPool)" } else { "" }
        ))
        .note("every other request on this worker waits too; with a pool that waits when exhausted (SQLAlchemy, psycopg_pool, DBUtils with `blocking=True`) the whole loop stalls until a connection comes back");
    d.scope(scope_label(cx.file, scope))
}

/// Whether function `func` already has a CL301 finding (at a checkout, a
/// connect or a query of its own).
fn has_finding(cx: &RsContext<'_>, out: &[Diagnostic], func: usize) -> bool {
    out.iter().any(|d| {
        d.rule.code == META.code
            && cx
                .scan
                .facts
                .iter()
                .any(|o| o.func == func && o.at.start == d.range.start)
            || cx
                .scan
                .calls
                .iter()
                .any(|c| c.func == func && c.at.start == d.range.start)
    })
}
