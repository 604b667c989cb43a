//! CL202 pool-per-call: a pool built inside a per-call function instead of at start-up.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL202.md"))]

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::model::{PyFile, ScopeKind, decorator_target};
use crate::lang::python::resources::Escape;
use crate::lang::python::values::Val;
use crate::lang::rust::scan::FactKind;
use crate::rules::common::{call_text, in_main_block, is_migration, scope_label};
use crate::rules::concurrency::held::eval_call;
use crate::rules::{
    FixAvailability, PyContext, PythonRule, RsContext, Rule, RuleMeta, RustRule, Status,
};
use crate::source::{Lang, TextRange};

pub struct PoolPerCall;

static META: RuleMeta = RuleMeta {
    code: "CL202",
    name: "pool-per-call",
    summary: "a pool built inside a per-call function instead of at start-up",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL202.md"),
};

/// Functions that run once per process: building the pool there is right.
const START_UP_NAMES: &[&str] = &[
    "main",
    "run",
    "cli",
    "serve",
    "lifespan",
    "startup",
    "on_startup",
    "create_app",
    "make_app",
    "build_app",
    "init_app",
    "setup",
    "init_db",
    "init_pool",
    "__init__",
];

/// Method names of route decorators (`@app.get`, `@router.post`, `@bp.route`).
const ROUTE_DECORATORS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "route",
    "api_route",
    "websocket",
    "view",
];

/// Methods of class-based views that handle a request.
const VIEW_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "dispatch",
];

impl Rule for PoolPerCall {
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

impl PythonRule for PoolPerCall {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        // Ex) a pytest fixture building an engine per test
        if cx.is_test {
            return;
        }
        // Ex) alembic's `migrations/env.py`: `run_migrations_online()` builds a
        //     `NullPool` engine once per migration command
        if is_migration(&cx.source.path) {
            return;
        }
        for built in cx.pools {
            let (call, pool) = (built.call, &built.pool);
            let scope = &cx.file.scopes[built.scope as usize];
            // The nearest function decides; module-level code runs once.
            // Ex) a retry loop: `for attempt in ...: try: pool = create_pool(...); return`
            //     builds one pool; it retries only when building raised
            let in_loop =
                enclosing_loop(call, scope.node).is_some_and(|l| !leaves_loop_after(call, l));
            let function = scope.kind == ScopeKind::Function;
            if !function && !in_loop {
                continue;
            }
            if in_main_block(cx.file, call) && !in_loop {
                continue;
            }
            let handler = function && is_request_handler(cx.file, scope.id);
            if function && !in_loop && !handler && is_start_up(cx.file, scope.id) {
                continue;
            }
            let kept = kept_beyond_call(cx, scope.id, call);
            let name = &scope.name;
            let why = if in_loop {
                if function {
                    format!("on every iteration of a loop in `{name}`")
                } else {
                    "on every iteration of this loop".to_owned()
                }
            } else if handler {
                // A lazy singleton (`global pool; if pool is None: pool = ...`) is built once.
                if kept == Some(Escape::Global) && lazily_guarded(cx.file, call) {
                    continue;
                }
                format!("on every request to `{name}`")
            } else if kept.is_some() {
                continue;
            } else {
                format!("on every call of `{name}`, and drops it when the call returns")
            };
            let text = call_text(cx.file, call);
            let def = cx.catalog.pool(pool.def);
            let what = def.display.clone().unwrap_or_else(|| "pool".to_owned());
            out.push(
                    Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("`{text}` builds a new {what} {why}"),
                    )
                    .label(TextRange::of(call), format!("a new {what}: its own connections, its own limits"))
                    .help("build the pool once at start-up (module level, an app factory, a FastAPI lifespan) and share it")
                    .note("each pool opens its own server connections: N calls in flight hold N pools' worth of connections, none of them reused")
                    .scope(scope_label(cx.file, scope.id)),
                );
        }
        disposed_per_request(cx, out);
    }
}

/// Ex) `app.teardown_request(close)` with `def close(e): db.engine.dispose()`:
///     the engine's pool is thrown away after every request, so each request
///     opens new connections: a pool per request in effect.
fn disposed_per_request(cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
    for scope in &cx.file.scopes {
        if scope.kind != ScopeKind::Function
            || !cx.project.request.teardowns.contains(&scope.qualname)
        {
            continue;
        }
        for &call in &scope.calls {
            let (_, callee) = eval_call(cx, scope.id, call);
            let disposes = match &callee {
                // `db.engine.dispose()` on Flask-SQLAlchemy
                Val::External(p) => p
                    .strip_suffix(".engine.dispose")
                    .is_some_and(|owner| cx.catalog.is_session_model(&format!("{owner}.Model"))),
                // `engine.dispose()` on a project engine, `pool.closeall()`
                Val::PoolMethod(_, m) => matches!(&**m, "dispose" | "closeall"),
                _ => false,
            };
            if !disposes {
                continue;
            }
            let text = call_text(cx.file, call);
            out.push(
                Diagnostic::new(
                    &META,
                    TextRange::of(call),
                    format!(
                        "`{text}` throws the pool away after every request: `{}` is a teardown hook",
                        scope.name
                    ),
                )
                .label(TextRange::of(call), "the pool's connections are closed at the end of each request")
                .help("dispose the engine once, at shutdown (or after a worker forks); the session's own teardown already gives its connection back to the pool")
                .note("the next request builds the pool again and opens new server connections: a pool per request in effect, and the pool's size no longer caps how many connections the process opens")
                .scope(scope_label(cx.file, scope.id)),
            );
        }
    }
}

impl RustRule for PoolPerCall {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        if cx.is_startup {
            return;
        }
        let exempt = |func: usize| {
            let f = cx.func(func);
            cx.in_test(func) || f.is_main || is_startup_name(&f.name)
        };
        // Why a pool built in function `func` lives for one call; `call` words it
        // for a factory's call (`make_pool() builds a new pool ...`).
        let reason = |func: usize, in_loop: bool, kept: bool, call: bool| -> Option<&'static str> {
            let f = cx.func(func);
            if in_loop {
                Some("inside a loop: a new pool on every iteration")
            } else if cx.project.is_middleware(&f.key) {
                Some("in middleware: a new pool on every request")
            } else if f.is_handler {
                Some("in a request handler: a new pool on every request")
            } else if kept {
                None
            } else if call {
                Some("that is dropped when this function returns: a pool that lives for one call")
            } else {
                Some("and dropped when the function returns: a pool that lives for one call")
            }
        };
        for e in cx.facts(|k| matches!(k, FactKind::PoolBuilt { .. })) {
            let FactKind::PoolBuilt { kept, .. } = e.kind else {
                continue;
            };
            if e.lazy || exempt(e.func) {
                continue;
            }
            if let Some(why) = reason(e.func, e.in_loop, kept, false) {
                out.push(rust_diagnostic(e.at, &format!("{} built {why}", e.what)));
            }
        }
        for c in &cx.scan.calls {
            if c.lazy
                || exempt(c.func)
                || !cx
                    .project
                    .behaviour_of(&c.callee)
                    .is_some_and(|b| b.pool_factory)
            {
                continue;
            }
            if let Some(why) = reason(c.func, c.in_loop, c.kept, true) {
                let callee = c.callee.rsplit("::").next().unwrap_or(&c.callee);
                out.push(rust_diagnostic(
                    c.at,
                    &format!("`{callee}()` builds a new pool {why}"),
                ));
            }
        }
    }
}

/// The `for`/`while` loop (or comprehension) around `node` inside `stop`.
fn enclosing_loop<'t>(node: Node<'t>, stop: Node<'t>) -> Option<Node<'t>> {
    let mut n = node;
    for _ in 0..512 {
        let p = n.parent()?;
        if p.id() == stop.id() {
            return None;
        }
        match p.kind() {
            "for_statement" | "while_statement" => {
                // Not the iterable of the `for` itself: that runs once.
                if p.kind() == "for_statement"
                    && p.child_by_field_name("right")
                        .is_some_and(|r| r.id() == n.id())
                {
                    n = p;
                    continue;
                }
                return Some(p);
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                return Some(p);
            }
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => n = p,
        }
    }
    None
}

/// Whether the statement that builds the pool is followed, in its own block,
/// by an unconditional `return` or `break` out of `lp` (the loop around it):
/// the loop then ends after the first pool built.
fn leaves_loop_after(call: Node<'_>, lp: Node<'_>) -> bool {
    let mut n = call;
    for _ in 0..512 {
        let Some(p) = n.parent() else { return false };
        if p.id() == lp.id() {
            return false;
        }
        if p.kind() == "block" {
            let mut next = n.next_named_sibling();
            while let Some(s) = next {
                match s.kind() {
                    "return_statement" | "raise_statement" => return true,
                    // A `break` of a loop nested inside `lp` ends only that loop.
                    "break_statement" => return enclosing_for_or_while(s) == Some(lp.id()),
                    _ => next = s.next_named_sibling(),
                }
            }
            // Only the block that holds the statement itself (and the `try`
            // body around it): a later sibling of an outer `if` may not run.
            match p.parent() {
                Some(h) if h.kind() == "try_statement" => n = h,
                _ => return false,
            }
            continue;
        }
        n = p;
    }
    false
}

fn enclosing_for_or_while(node: Node<'_>) -> Option<usize> {
    let mut n = node;
    for _ in 0..512 {
        let p = n.parent()?;
        match p.kind() {
            "for_statement" | "while_statement" => return Some(p.id()),
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => n = p,
        }
    }
    None
}

/// Where the pool goes when it does not stay local: returned, stored, global.
fn kept_beyond_call(cx: &PyContext<'_, '_>, scope: u32, call: Node<'_>) -> Option<Escape> {
    let mut node = call;
    for _ in 0..16 {
        let parent = node.parent()?;
        match parent.kind() {
            "await" | "parenthesized_expression" => node = parent,
            "return_statement" | "yield" | "lambda" => return Some(Escape::Returned),
            "assignment" => {
                let left = parent.child_by_field_name("left")?;
                if left.kind() != "identifier" {
                    // `self.pool = ...`, `app.state.pool = ...`, `POOLS[k] = ...`
                    return Some(Escape::Stored);
                }
                let name = cx.file.text_of(left);
                let s = &cx.file.scopes[scope as usize];
                if s.declared_global.contains(name) || s.declared_nonlocal.contains(name) {
                    return Some(Escape::Global);
                }
                if s.kind == ScopeKind::Module {
                    return Some(Escape::Global);
                }
                let fate = cx.finder.fate(scope, name, 0);
                return fate.escape.map(|(e, _)| e);
            }
            "argument_list" | "keyword_argument" => {
                // Handed to something: a registry, an app object, a class that keeps it.
                return Some(Escape::Owned);
            }
            _ => return None,
        }
    }
    None
}

/// `if pool is None: pool = make()`: the assignment under an `if` that tests
/// the assigned name.
fn lazily_guarded(file: &PyFile<'_>, call: Node<'_>) -> bool {
    let mut n = call;
    let mut target: Option<&str> = None;
    for _ in 0..64 {
        let Some(p) = n.parent() else { return false };
        match p.kind() {
            "assignment" if target.is_none() => {
                target = p.child_by_field_name("left").map(|l| file.text_of(l));
            }
            "if_statement" => {
                let (Some(t), Some(cond)) = (target, p.child_by_field_name("condition")) else {
                    return false;
                };
                let c = file.text_of(cond);
                if c.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .any(|w| w == t)
                {
                    return true;
                }
            }
            "function_definition" => return false,
            _ => {}
        }
        n = p;
    }
    false
}

/// A route handler or a Django view.
fn is_request_handler(file: &PyFile<'_>, scope: u32) -> bool {
    let s = &file.scopes[scope as usize];
    for &d in &s.decorators {
        let Some(target) = decorator_target(d) else {
            continue;
        };
        let text = file.text_of(target);
        let leaf = text.rsplit('.').next().unwrap_or(text);
        if text.contains('.') && ROUTE_DECORATORS.contains(&leaf) {
            return true;
        }
        if matches!(
            leaf,
            "api_view" | "require_http_methods" | "require_GET" | "require_POST" | "login_required"
        ) {
            return true;
        }
    }
    // Django: `def view(request, ...)` in a `views` module.
    let module_leaf = file.module.rsplit('.').next().unwrap_or(&file.module);
    if (module_leaf == "views" || module_leaf.ends_with("_views"))
        && s.params.first().is_some_and(|p| &*p.name == "request")
        && s.class.is_none()
    {
        return true;
    }
    // Class-based views: `get`/`post` methods of a `...View` class.
    if let (Some(class), true) = (&s.class, VIEW_METHODS.contains(&&*s.name)) {
        let class_scope = s.parent.map(|p| &file.scopes[p as usize]);
        if let Some(cs) = class_scope {
            if cs.kind == ScopeKind::Class {
                if let Some(bases) = cs.node.child_by_field_name("superclasses") {
                    let b = file.text_of(bases);
                    if b.contains("View") || b.contains("Handler") || b.contains("Resource") {
                        return true;
                    }
                }
            }
        }
        let _ = class;
    }
    false
}

/// A function that runs once: `main`, an app factory, a lifespan or startup hook.
fn is_start_up(file: &PyFile<'_>, scope: u32) -> bool {
    let s = &file.scopes[scope as usize];
    // `main`, `async_main`, `main_async`, `run_main`: the program's entry point.
    if START_UP_NAMES.contains(&&*s.name) || s.name.split('_').any(|w| w == "main") {
        return true;
    }
    s.decorators.iter().any(|&d| {
        let text = file.text_of(d);
        text.contains("on_event") && text.contains("startup")
            || text.contains("asynccontextmanager")
                && s.params.first().is_some_and(|p| &*p.name == "app")
            || text.contains("fixture")
            || text.contains("click.command")
            || text.contains(".command")
            || text.contains("on_startup")
            || text.contains("before_serving")
            || text.contains("before_first_request")
    })
}

fn rust_diagnostic(at: crate::source::TextRange, message: &str) -> Diagnostic {
    Diagnostic::new(&META, at, message.to_owned())
        .help("build the pool once at start-up (in `main`) and share it: `Router::with_state`, `web::Data`, `.manage()`, or a `OnceCell`")
        .note("each pool opens its own connections: per-call pools multiply the connections the server sees and pay the connect cost every time")
}

/// Start-up functions by name (`main`, `init_db`, `setup_pool`, `run_migrations`, ...).
fn is_startup_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "main",
        "init",
        "setup",
        "bootstrap",
        "migrat",
        "start",
        "serve",
    ]
    .iter()
    .any(|w| n.contains(w))
}
