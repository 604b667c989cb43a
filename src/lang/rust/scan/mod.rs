//! The per-file scan of Rust code: one walk over every function body that
//! evaluates pool, guard and transaction evidence, tracks guard lifetimes
//! (`let` to block end, `drop`, moves), async contexts and `.await` points,
//! and records what the rules decide on: events, calls of project
//! functions, and each function's behaviour for the summaries.

mod bindings;
mod calls;
mod eval;
mod usage;

use tree_sitter::Node;

use super::facts::{self, FnSig, pattern_name};
use super::names::{Uses, path_text};
use super::{named_children, text};
use crate::catalog::rust::RustCatalog;
use crate::lang::rust::project::{CallSite, Class, FnBehaviour, Scoped};
use crate::source::TextRange;

use bindings::{DIESEL_RUN_METHODS, SYNC_QUERY_METHODS, executor_params};
use eval::{class_val, compact, strip_await, strip_parens, strip_ref, strip_result};
pub use usage::{cached, kept, mentions, moves};
use usage::{calls_any, contains_kind, mentions_wait};

/// Methods that run a query on what they are given: on a pool they check out a connection.
const EXECUTOR_METHODS: &[&str] = &[
    "execute",
    "execute_many",
    "fetch",
    "fetch_one",
    "fetch_all",
    "fetch_optional",
    "fetch_many",
];

/// Methods that hand back what their receiver holds.
const TRANSPARENT_METHODS: &[&str] = &[
    "clone",
    "lock",
    "as_ref",
    "get_ref",
    "into_inner",
    "deref",
    "unwrap",
    "expect",
    "borrow",
];

/// Error plumbing around a value that is being built (`.map_err(..)?`, `.context(..)?`).
const RESULT_METHODS: &[&str] = &[
    "ok",
    "optional",
    "ok_or",
    "ok_or_else",
    "into",
    "unwrap",
    "expect",
    "map_err",
    "context",
    "with_context",
    "wrap_err",
    "wrap_err_with",
    "unwrap_or_else",
    "clone",
];

/// Methods whose result stays tied to the connection they run on (a row
/// stream, a prepared statement, a copy sink): awaiting it is database work.
const CONNECTION_BOUND: &[&str] = &[
    "fetch",
    "fetch_many",
    "query_raw",
    "query_typed_raw",
    "simple_query_raw",
    "copy_in",
    "copy_out",
    "prepare",
    "prepare_cached",
    "prepare_typed",
    "transaction",
    "begin",
    "build_transaction",
    "savepoint",
];

/// Calls whose closure runs once and keeps what it builds.
const LAZY_INIT: &[&str] = &[
    "get_or_init",
    "get_or_try_init",
    "call_once",
    "get_or_insert_with",
];

/// What kind of thing the scan saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactKind {
    /// An `.await` in async code while guards (or transactions) of the same
    /// body are alive, at the awaited expression: each of them, whether the
    /// expression yields (`yield_now`), and whether it is database work on a
    /// pool (walked only when no guard is used and it does not yield; else
    /// `false`).
    Await {
        guards: Vec<AwaitGuard>,
        yields: bool,
        database_work: bool,
        /// The project function awaited (`key`, or `.method`), if any: the
        /// rules ask the summaries whether it waits on anything outside.
        callee: Option<String>,
    },
    /// A checkout from a pool (`acquire`, `get`, `begin`), or a query run
    /// on the pool itself (`query`: `sqlx::query(..).fetch_one(&pool)`):
    /// the pool's binding (`key`, empty when it has none), its driver, whether
    /// the checkout blocks the thread (`sync`), and the last guard from the
    /// same pool still alive in the same body.
    Checkout {
        key: String,
        driver: String,
        sync: bool,
        query: bool,
        held: Option<Held>,
    },
    /// A direct connect (`PgConnection::connect`, `Client::connect`):
    /// to SQLite or not, and whether it blocks the thread.
    Connect { sqlite: bool, sync: bool },
    /// A query run on a guard of a synchronous pool (`conn.query_first(..)`
    /// on a `mysql::PooledConn`, `.load(conn)` on an r2d2 connection): it
    /// blocks the thread until the database answers.
    SyncQuery { driver: String },
    /// A pool built (a constructor, a builder chain's last call, a
    /// configuration's `create_pool`): `kept` when the pool outlives the call
    /// (returned, stored); for deadpool, whether a wait timeout is set
    /// (`None`: cannot be told, as for a configuration passed in).
    PoolBuilt {
        kept: bool,
        deadpool: bool,
        wait_timeout: Option<bool>,
    },
    /// A guard handed to `.leak()`, `mem::forget`, `Box::leak`... (`detach`:
    /// to `detach()`/`Object::take`, which take it out of its pool on purpose).
    GuardLeaked { detach: bool },
    /// The end of a transaction's scope, at its `begin()`: whether something
    /// finished it first (`commit`, `rollback`, a move, a return).
    TxEnd { finished: bool },
}

/// A guard alive at a fact: its binding and where it was checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub name: String,
    pub acq: TextRange,
}

/// A guard (or transaction) alive at an `.await`: whether it came from a
/// pool, and whether the awaited expression uses it (or what derives from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitGuard {
    pub held: Held,
    pub pooled: bool,
    pub used: bool,
}

/// Something the scan saw, where, and in what context. Rules decide from
/// facts; a fact is not a finding.
#[derive(Debug, Clone)]
pub struct Fact {
    pub kind: FactKind,
    pub at: TextRange,
    /// The function it is in (index into `FileScan::fns`).
    pub func: usize,
    /// What a message would name (`conn`, `` `PgConnection::connect` ``).
    pub what: String,
    pub in_loop: bool,
    /// Inside a lazy-initialisation closure (`get_or_init(|| ...)`).
    pub lazy: bool,
    /// In async code (an `async fn`, an async block, a closure in one) not off-loaded.
    pub async_ctx: bool,
    /// Inside a closure handed to `spawn_blocking`-like calls.
    pub offloaded: bool,
    /// The call is awaited right away.
    pub awaited: bool,
}

/// A call of a project function, for rules that need the summaries.
#[derive(Debug, Clone)]
pub struct ProjectCall {
    pub callee: String,
    pub at: TextRange,
    pub func: usize,
    /// Pool keys of the arguments.
    pub arg_keys: Vec<Option<String>>,
    /// Guards alive at the call: (pool key, acquisition, name).
    pub live: Vec<(String, TextRange, String)>,
    pub async_ctx: bool,
    pub offloaded: bool,
    pub awaited: bool,
    pub in_loop: bool,
    pub lazy: bool,
    pub kept: bool,
}

/// A function of the file.
#[derive(Debug, Clone)]
pub struct ScanFn {
    pub key: String,
    pub name: String,
    pub is_test: bool,
    pub is_main: bool,
    pub is_handler: bool,
    pub is_async: bool,
    /// The body talks to `LISTEN`/advisory locks: a dedicated session is right.
    pub dedicated_session: bool,
}

/// What the scan found in one file.
#[derive(Debug, Default)]
pub struct FileScan {
    /// Where the scan stopped short: (start, end) bytes of the node it did not
    /// enter, and whether that was for depth (else for the step budget).
    pub limits: Vec<(usize, usize, bool)>,
    pub facts: Vec<Fact>,
    pub fns: Vec<ScanFn>,
    pub calls: Vec<ProjectCall>,
    pub behaviour: Vec<(String, FnBehaviour)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Val {
    Pool(usize, String),
    Guard(usize, String, bool),
    Tx,
    Conn,
    Config(usize, bool),
    Struct(String),
    Cell(Box<Class>),
    Unknown,
}

#[derive(Debug, Clone)]
struct Live {
    name: String,
    pool: Option<(usize, String)>,
    tx: bool,
    acq: TextRange,
    derived: Vec<String>,
    ended: bool,
    body: u32,
    /// A parameter that borrows the caller's guard, transaction or
    /// connection (`tx: &mut Transaction<'_, Postgres>`): held while this
    /// function runs, finished by the caller.
    borrowed: bool,
    /// Bound to a reference to a temporary (`let conn = &mut pool.get()?;`):
    /// the guard lives to the end of the block whatever the reference is passed to.
    pinned: bool,
}

impl Live {
    fn new(name: &str, pool: Option<(usize, String)>, tx: bool, acq: TextRange, body: u32) -> Live {
        Live {
            name: name.to_owned(),
            pool,
            tx,
            acq,
            derived: Vec::new(),
            ended: false,
            body,
            borrowed: false,
            pinned: false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    async_ctx: bool,
    offloaded: bool,
    body: u32,
    in_loop: bool,
    lazy: bool,
}

struct Body {
    func: usize,
    params: Vec<String>,
    /// Parameters typed as a generic executor (`impl PgExecutor<'_>`,
    /// `E: sqlx::Executor`, `impl Acquire`): a pool passed there is checked out from.
    executor_params: Vec<String>,
    env: Vec<(String, Val)>,
    live: Vec<Live>,
    behaviour: FnBehaviour,
    has_connect: bool,
    has_pool_built: bool,
    /// A pool built here is also stored in a container (`pools.insert(key,
    /// pool.clone())`): a lazy cache, not a factory of new pools.
    pool_cached: bool,
    mentions_wait: bool,
    test: bool,
}

/// Scans a file.
pub struct Scanner<'a> {
    src: &'a str,
    uses: &'a Uses,
    cat: &'a RustCatalog,
    project: Scoped<'a>,
    test_file: bool,
    /// Pass 1's signatures of the file's functions, by start byte.
    sigs: &'a [FnSig],
    out: FileScan,
    bodies: u32,
    impl_type: Option<String>,
    steps: u32,
}

/// Bound on nodes visited per file (pathological inputs stop early, never hang).
const MAX_STEPS: u32 = 2_000_000;
const MAX_DEPTH: u32 = 200;

impl<'a> Scanner<'a> {
    #[must_use]
    pub fn new(
        src: &'a str,
        uses: &'a Uses,
        cat: &'a RustCatalog,
        project: Scoped<'a>,
        test_file: bool,
        sigs: &'a [FnSig],
    ) -> Scanner<'a> {
        Scanner {
            src,
            uses,
            cat,
            project,
            test_file,
            sigs,
            out: FileScan::default(),
            bodies: 0,
            impl_type: None,
            steps: 0,
        }
    }

    /// Scans every function of the file.
    #[must_use]
    pub fn scan(mut self, root: Node<'_>) -> FileScan {
        self.items(root, false, 0);
        self.out
    }

    /// Whether `n` is in the function that contains byte `start`.
    fn in_same_function(start: usize, n: Node<'_>) -> bool {
        let mut p = n.parent();
        while let Some(node) = p {
            if node.kind() == "function_item" {
                return node.start_byte() <= start && start < node.end_byte();
            }
            p = node.parent();
        }
        false
    }

    fn t(&self, n: Node<'_>) -> &'a str {
        text(n, self.src)
    }

    fn items(&mut self, node: Node<'_>, in_test: bool, depth: u32) {
        if depth > 64 {
            return;
        }
        for item in named_children(node) {
            match item.kind() {
                "function_item" => self.function(item, in_test),
                "impl_item" => {
                    let ty = item
                        .child_by_field_id(crate::lang::rust::FIELD.ty)
                        .map(|t| {
                            let p = path_text(t, self.src);
                            p.rsplit("::").next().unwrap_or(&p).to_owned()
                        });
                    let saved = std::mem::replace(&mut self.impl_type, ty);
                    if let Some(b) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                        self.items(b, in_test, depth + 1);
                    }
                    self.impl_type = saved;
                }
                "mod_item" => {
                    let test = in_test
                        || super::attributes(item, self.src)
                            .iter()
                            .any(|a| a.replace(' ', "") == "cfg(test)");
                    if let Some(b) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                        let saved = self.impl_type.take();
                        self.items(b, test, depth + 1);
                        self.impl_type = saved;
                    }
                }
                "trait_item" => {
                    if let Some(b) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                        let saved = self.impl_type.take();
                        self.items(b, in_test, depth + 1);
                        self.impl_type = saved;
                    }
                }
                _ => {}
            }
        }
    }

    fn function(&mut self, item: Node<'_>, in_test: bool) {
        // Pass 1's signature of this item, else (a function nested in a body) a new one.
        let start = item.start_byte() as u32;
        let sig: FnSig = match self.sigs.binary_search_by_key(&start, |s| s.start) {
            Ok(i) => self.sigs[i].clone(),
            Err(_) => facts::signature(
                item,
                self.src,
                self.uses,
                self.cat,
                self.impl_type.as_deref(),
                in_test,
            ),
        };
        let Some(body_node) = item.child_by_field_id(crate::lang::rust::FIELD.body) else {
            return;
        };
        let name = item
            .child_by_field_id(crate::lang::rust::FIELD.name)
            .map_or("", |n| self.t(n))
            .to_owned();
        let body_text = self.t(body_node);
        let func = self.out.fns.len();
        let is_handler = !sig.is_test
            && !sig.is_main
            && (sig.is_handler || self.project.is_registered_handler(&sig.key));
        self.out.fns.push(ScanFn {
            key: sig.key.clone(),
            name,
            is_test: sig.is_test || self.test_file,
            is_main: sig.is_main,
            is_handler,
            is_async: sig.is_async,
            dedicated_session: body_text.contains("LISTEN")
                || body_text.contains("pg_advisory")
                || body_text.contains("PgListener"),
        });
        let mut b = Body {
            func,
            params: sig.params.iter().map(|(n, _)| n.clone()).collect(),
            executor_params: executor_params(item, self.src),
            env: Vec::new(),
            live: Vec::new(),
            behaviour: FnBehaviour::default(),
            has_connect: false,
            has_pool_built: false,
            pool_cached: false,
            mentions_wait: mentions_wait(body_text),
            test: sig.is_test || self.test_file,
        };
        self.bodies += 1;
        let body_id = self.bodies;
        // Parameters: declared types, `State(pool): State<PgPool>`, guard extractors.
        if let Some(ps) = item.child_by_field_id(crate::lang::rust::FIELD.parameters) {
            for p in named_children(ps) {
                if p.kind() == "self_parameter" {
                    if let Some(t) = &self.impl_type {
                        b.env.push(("self".to_owned(), Val::Struct(t.clone())));
                    }
                    continue;
                }
                if p.kind() != "parameter" {
                    continue;
                }
                let Some(pat) = p.child_by_field_id(crate::lang::rust::FIELD.pattern) else {
                    continue;
                };
                let Some(pname) = pattern_name(pat, self.src) else {
                    continue;
                };
                let ty = p
                    .child_by_field_id(crate::lang::rust::FIELD.ty)
                    .and_then(|t| facts::resolve_type(self.uses, self.cat, t, self.src));
                let mut class = ty.as_ref().and_then(|t| self.project.classify(self.cat, t));
                // `DbConn(conn): DbConn` where `struct DbConn(PoolConnection<Postgres>)`.
                // `DbConn(conn): DbConn` destructures a project newtype: `conn` is its
                // field. `State(state): State<AppState>` destructures a wrapper, which
                // `classify` has already seen through.
                let wrapper = ty.as_ref().is_some_and(|t| {
                    self.cat.type_class(&t.path) == Some(crate::catalog::rust::TypeClass::Wrapper)
                        || self.cat.extractor_names.contains(t.name())
                });
                if pat.kind() == "tuple_struct_pattern" && !wrapper {
                    if let Some(Class::Struct(s)) = &class {
                        class = self.project.field_class(self.cat, s, "0");
                    }
                }
                let ty_node = p.child_by_field_id(crate::lang::rust::FIELD.ty);
                let by_value = ty_node.is_some_and(|t| t.kind() != "reference_type");
                let by_mut_ref = ty_node.is_some_and(|t| {
                    t.kind() == "reference_type"
                        && named_children(t).any(|c| c.kind() == "mutable_specifier")
                });
                let mut val = class_val(class.as_ref(), pname);
                // `client: &impl GenericClient` (tokio-postgres, deadpool-postgres): a
                // client or transaction the caller holds, lent for the call.
                let generic_client = ty_node.is_some_and(|t| {
                    t.kind() == "reference_type" && self.t(t).contains("GenericClient")
                });
                if val == Val::Unknown && generic_client {
                    val = Val::Conn;
                }
                let by_ref = ty_node.is_some_and(|t| t.kind() == "reference_type");
                if let Some(l) = self.param_live(
                    pname,
                    &val,
                    by_value,
                    by_ref,
                    by_mut_ref || generic_client,
                    p,
                    body_id,
                ) {
                    b.live.push(l);
                }
                b.env.push((pname.to_owned(), val));
            }
        }
        let frame = Frame {
            async_ctx: sig.is_async,
            offloaded: false,
            body: body_id,
            in_loop: false,
            lazy: false,
        };
        self.walk(body_node, &mut b, frame, 0);
        // A transaction taken by value and never finished rolls back when dropped here.
        for l in std::mem::take(&mut b.live) {
            if l.tx && !l.borrowed {
                self.out.facts.push(Fact {
                    kind: FactKind::TxEnd { finished: l.ended },
                    at: l.acq,
                    func: b.func,
                    what: l.name.clone(),
                    in_loop: false,
                    lazy: false,
                    async_ctx: sig.is_async,
                    offloaded: false,
                    awaited: false,
                });
            }
        }
        let ret = sig
            .ret
            .as_ref()
            .and_then(|t| self.project.classify(self.cat, t));
        b.behaviour.connector = b.has_connect && ret == Some(Class::Connection);
        b.behaviour.pool_factory =
            b.has_pool_built && !b.pool_cached && matches!(ret, Some(Class::Pool(_)));
        if sig.is_async {
            // An async function's callers await it: it does not block them.
            b.behaviour.blocking = None;
        }
        self.out.behaviour.push((sig.key, b.behaviour));
    }

    fn fact(&mut self, kind: FactKind, at: Node<'_>, b: &Body, f: Frame, what: String) {
        self.out.facts.push(Fact {
            kind,
            at: TextRange::of(at),
            func: b.func,
            what,
            in_loop: f.in_loop,
            lazy: f.lazy,
            async_ctx: f.async_ctx,
            offloaded: f.offloaded,
            awaited: at.parent().is_some_and(|p| p.kind() == "await_expression"),
        });
    }

    #[allow(clippy::too_many_lines)]
    fn walk(&mut self, n: Node<'_>, b: &mut Body, f: Frame, depth: u32) {
        self.steps += 1;
        if self.steps > MAX_STEPS || depth > MAX_DEPTH {
            // Said once per file for the budget, once per function for depth.
            let deep = depth > MAX_DEPTH;
            let said = self.out.limits.last().is_some_and(|&(start, _, d)| {
                !deep && !d || deep && d && Self::in_same_function(start, n)
            });
            if !said && (deep || self.steps == MAX_STEPS + 1) {
                self.out.limits.push((n.start_byte(), n.end_byte(), deep));
            }
            return;
        }
        match n.kind() {
            "function_item" => {
                let saved = self.impl_type.take();
                self.function(n, b.test);
                self.impl_type = saved;
            }
            "block" => self.block(n, b, f, depth),
            "closure_expression" | "async_block" => self.closure(n, b, f, false, false, depth),
            "while_expression" | "loop_expression" => {
                let inner = Frame { in_loop: true, ..f };
                for c in named_children(n) {
                    if c.kind() == "block" {
                        self.walk(c, b, inner, depth + 1);
                    } else {
                        self.walk(c, b, f, depth + 1);
                    }
                }
            }
            "let_declaration" => self.let_decl(n, b, f, depth),
            "let_condition" | "for_expression" | "match_expression" => {
                self.pattern_bindings(n, b);
                let inner = if n.kind() == "for_expression" {
                    Frame { in_loop: true, ..f }
                } else {
                    f
                };
                for c in named_children(n) {
                    let frame = if c.kind() == "block" { inner } else { f };
                    self.walk(c, b, frame, depth + 1);
                }
            }
            "await_expression" => {
                if f.async_ctx {
                    self.check_await(n, b, f);
                    self.note_await(n, b);
                }
                for c in named_children(n) {
                    self.walk(c, b, f, depth + 1);
                }
            }
            "call_expression" => self.call(n, b, f, depth),
            "macro_invocation" => {
                // `tokio::select! { .. }`, `join!(..)`: token trees are not expressions.
            }
            _ => {
                for c in named_children(n) {
                    self.walk(c, b, f, depth + 1);
                }
            }
        }
    }

    fn block(&mut self, n: Node<'_>, b: &mut Body, f: Frame, depth: u32) {
        let env_mark = b.env.len();
        let live_mark = b.live.len();
        let children: Vec<Node<'_>> = named_children(n).collect();
        for (i, c) in children.iter().enumerate() {
            self.walk(*c, b, f, depth + 1);
            let is_tail = i + 1 == children.len()
                && !c.kind().ends_with("_declaration")
                && c.kind() != "expression_statement";
            for l in &mut b.live {
                if !l.ended
                    && !l.pinned
                    && (moves(*c, &l.name, self.src, self.cat) || is_tail && self.t(*c) == l.name)
                {
                    l.ended = true;
                }
            }
        }
        let gone: Vec<Live> = b.live.drain(live_mark.min(b.live.len())..).collect();
        for l in gone {
            if l.tx {
                self.out.facts.push(Fact {
                    kind: FactKind::TxEnd { finished: l.ended },
                    at: l.acq,
                    func: b.func,
                    what: l.name.clone(),
                    in_loop: f.in_loop,
                    lazy: f.lazy,
                    async_ctx: f.async_ctx,
                    offloaded: f.offloaded,
                    awaited: false,
                });
            }
        }
        b.env.truncate(env_mark);
    }

    /// `if let Some(c) = conn.as_mut()`, `for row in rows`, `match tx.x() { v => .. }`: names bound
    /// from a guard (or what derives from it) share it.
    fn pattern_bindings(&self, n: Node<'_>, b: &mut Body) {
        let Some(value) = n.child_by_field_id(crate::lang::rust::FIELD.value) else {
            return;
        };
        if self.is_query_data(value) || !self.awaited_stays_tied(value) {
            return;
        }
        let src = self.src;
        let holders: Vec<usize> = b
            .live
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                !l.ended
                    && (mentions(value, &l.name, src)
                        || l.derived.iter().any(|d| mentions(value, d, src)))
            })
            .map(|(i, _)| i)
            .collect();
        if holders.is_empty() {
            return;
        }
        let mut patterns: Vec<Node<'_>> = Vec::new();
        if n.kind() == "match_expression" {
            if let Some(body) = n.child_by_field_id(crate::lang::rust::FIELD.body) {
                for arm in named_children(body).filter(|a| a.kind() == "match_arm") {
                    patterns.extend(arm.child_by_field_id(crate::lang::rust::FIELD.pattern));
                }
            }
        } else {
            patterns.extend(n.child_by_field_id(crate::lang::rust::FIELD.pattern));
        }
        let mut names: Vec<String> = Vec::new();
        let mut stack = patterns;
        while let Some(x) = stack.pop() {
            if x.kind() == "identifier" {
                names.push(text(x, src).to_owned());
            }
            stack.extend(named_children(x));
        }
        for i in holders {
            for name in &names {
                if !b.live[i].derived.contains(name) {
                    b.live[i].derived.push(name.clone());
                }
            }
        }
    }

    fn closure(
        &mut self,
        n: Node<'_>,
        b: &mut Body,
        f: Frame,
        offloaded: bool,
        lazy: bool,
        depth: u32,
    ) {
        let head = self.t(n);
        let is_async = n.kind() == "async_block" || head.trim_start().starts_with("async");
        let inner = Frame {
            async_ctx: is_async || (f.async_ctx && !offloaded),
            offloaded: f.offloaded || offloaded,
            body: {
                self.bodies += 1;
                self.bodies
            },
            in_loop: f.in_loop,
            lazy: f.lazy || lazy,
        };
        let env_mark = b.env.len();
        if let Some(ps) = n.child_by_field_id(crate::lang::rust::FIELD.parameters) {
            for p in named_children(ps) {
                let pat = p
                    .child_by_field_id(crate::lang::rust::FIELD.pattern)
                    .unwrap_or(p);
                if let Some(name) = pattern_name(pat, self.src) {
                    b.env.push((name.to_owned(), Val::Unknown));
                }
            }
        }
        // `tokio::spawn(async move { .. tx .. })`: a guard moved into an async
        // block is held by the block's own awaits.
        let live_mark = b.live.len();
        if is_async && head.contains("move") {
            let src = self.src;
            let captured: Vec<Live> = b
                .live
                .iter()
                .filter(|l| !l.ended && l.body == f.body && mentions(n, &l.name, src))
                .map(|l| Live {
                    body: inner.body,
                    borrowed: true,
                    ..l.clone()
                })
                .collect();
            b.live.extend(captured);
        }
        for c in named_children(n) {
            if c.kind() != "closure_parameters" {
                self.walk(c, b, inner, depth + 1);
            }
        }
        b.live.truncate(live_mark);
        b.env.truncate(env_mark);
    }

    fn let_decl(&mut self, n: Node<'_>, b: &mut Body, f: Frame, depth: u32) {
        let value = n.child_by_field_id(crate::lang::rust::FIELD.value);
        if let Some(v) = value {
            self.walk(v, b, f, depth + 1);
        }
        if let Some(alt) = n.child_by_field_id(crate::lang::rust::FIELD.alternative) {
            self.walk(alt, b, f, depth + 1);
        }
        let Some(pat) = n.child_by_field_id(crate::lang::rust::FIELD.pattern) else {
            return;
        };
        if pat.kind() == "tuple_pattern" {
            if let Some(v) = value {
                self.tuple_let(pat, v, b, f);
            }
            return;
        }
        let Some(name) =
            pattern_name(pat, self.src).filter(|_| pat.kind() != "tuple_struct_pattern")
        else {
            return;
        };
        let name = name.to_owned();
        let mut val = value.map_or(Val::Unknown, |v| self.eval(v, b, 0));
        if val == Val::Unknown {
            if let Some(t) = n
                .child_by_field_id(crate::lang::rust::FIELD.ty)
                .and_then(|t| facts::resolve_type(self.uses, self.cat, t, self.src))
            {
                val = class_val(self.project.classify(self.cat, &t).as_ref(), &name);
            }
        }
        if let Val::Pool(pid, key) = &val {
            if key.is_empty() {
                val = Val::Pool(*pid, name.clone());
            }
        }
        // `let conn = pool.try_acquire();` is an `Option`: `None` holds nothing,
        // and the connection, when there is one, is bound where it is matched.
        if matches!(val, Val::Guard(..)) && value.is_some_and(|v| self.is_optional_checkout(v)) {
            b.env.push((name, Val::Unknown));
            return;
        }
        match (&val, value) {
            (Val::Guard(pid, key, tx), Some(v)) => {
                let mut guard = Live::new(
                    &name,
                    Some((*pid, key.clone())),
                    *tx,
                    TextRange::of(strip_result(self.src, strip_ref(v))),
                    f.body,
                );
                guard.pinned = strip_parens(v).kind() == "reference_expression";
                b.live.push(guard);
            }
            (Val::Tx, Some(v)) => {
                let start = strip_result(self.src, v);
                // A transaction on a live guard is derived from it.
                for l in &mut b.live {
                    if !l.ended && mentions(v, &l.name, self.src) {
                        l.derived.push(name.clone());
                    }
                }
                b.live
                    .push(Live::new(&name, None, true, TextRange::of(start), f.body));
            }
            // `let user = users.find(id).first::<User>(conn)?;` reads plain data.
            (_, Some(v))
                if b.live.iter().any(|l| !l.ended)
                    && !self.is_query_data(v)
                    && self.awaited_stays_tied(v) =>
            {
                let src = self.src;
                // Inside `conn.transaction(|conn| ..)` the name is the closure's own.
                let shadowed = |n: &str| {
                    b.env
                        .iter()
                        .rev()
                        .find(|(k, _)| k == n)
                        .is_some_and(|(_, v)| *v == Val::Unknown)
                };
                let shadows: Vec<bool> = b.live.iter().map(|l| shadowed(&l.name)).collect();
                for (l, shadowed) in b.live.iter_mut().zip(shadows) {
                    if !l.ended
                        && !shadowed
                        && (mentions(v, &l.name, src)
                            || l.derived.iter().any(|d| mentions(v, d, src)))
                    {
                        l.derived.push(name.clone());
                    }
                }
            }
            _ => {}
        }
        b.env.push((name, val));
    }

    /// Whether an expression is a checkout (`pool.acquire().await?`, `pool.get()?`).
    fn is_acquisition(&self, v: Node<'_>, b: &Body) -> bool {
        let core = strip_result(self.src, v);
        let core = strip_await(core);
        if core.kind() != "call_expression" {
            return false;
        }
        let Some(func) = core.child_by_field_id(crate::lang::rust::FIELD.function) else {
            return false;
        };
        if func.kind() != "field_expression" {
            return false;
        }
        let (Some(recv), Some(m)) = (
            func.child_by_field_id(crate::lang::rust::FIELD.value),
            func.child_by_field_id(crate::lang::rust::FIELD.field),
        ) else {
            return false;
        };
        let m = self.t(m);
        match self.eval(recv, b, 0) {
            Val::Pool(pid, _) => {
                let p = &self.cat.pools[pid];
                p.acquire.iter().any(|a| a == m) || p.begin.iter().any(|a| a == m)
            }
            _ => false,
        }
    }

    /// An `.await` in async code while guards of this body are alive: each
    /// guard, whether the awaited expression uses it, and what it awaits.
    fn check_await(&mut self, n: Node<'_>, b: &mut Body, f: Frame) {
        let Some(operand) = named_children(n).next() else {
            return;
        };
        let src = self.src;
        let guards: Vec<AwaitGuard> = b
            .live
            .iter()
            .filter(|l| !l.ended && l.body == f.body)
            .map(|l| AwaitGuard {
                held: Held {
                    name: l.name.clone(),
                    acq: l.acq,
                },
                pooled: l.pool.is_some() || l.borrowed,
                used: mentions(operand, &l.name, src)
                    || l.derived.iter().any(|d| mentions(operand, d, src)),
            })
            .collect();
        if guards.is_empty() {
            return;
        }
        // A yield, or a wait on a lock of this process (`id_gen.lock().await`).
        // The file system is not one: a large write holds the connection for long.
        let yields = self.t(operand).contains("yield_now") || self.is_local_wait(operand);
        // Walked only where it can matter: no guard used, no yield.
        let database_work =
            !yields && !guards.iter().any(|g| g.used) && self.mentions_pool(operand, b);
        self.out.facts.push(Fact {
            kind: FactKind::Await {
                guards,
                yields,
                database_work,
                callee: self.await_callee(operand),
            },
            at: TextRange::of(operand),
            func: b.func,
            what: String::new(),
            in_loop: f.in_loop,
            lazy: f.lazy,
            async_ctx: f.async_ctx,
            offloaded: f.offloaded,
            awaited: true,
        });
    }

    /// Whether an expression mentions a pool (a checkout or a query on it is database work).
    fn mentions_pool(&self, n: Node<'_>, b: &Body) -> bool {
        let mut stack = vec![n];
        let mut steps = 0;
        while let Some(x) = stack.pop() {
            steps += 1;
            if steps > 2_000 {
                return true;
            }
            if matches!(x.kind(), "identifier" | "field_expression")
                && matches!(self.eval(x, b, 0), Val::Pool(..) | Val::Guard(..) | Val::Tx)
            {
                return true;
            }
            if !matches!(x.kind(), "closure_expression" | "async_block") {
                stack.extend(named_children(x));
            }
        }
        false
    }
}
