//! The per-file scan of Rust code: one walk over every function body that
//! evaluates pool, guard and transaction evidence, tracks guard lifetimes
//! (`let` to block end, `drop`, moves), async contexts and `.await` points,
//! and records what the rules decide on: events, calls of project
//! functions, and each function's behaviour for the summaries.

use tree_sitter::Node;

use super::facts::{self, FnSig, pattern_name};
use super::names::{Uses, path_text};
use super::{named_children, text};
use crate::catalog::rust::RustCatalog;
use crate::lang::rust::project::{CallSite, Class, FnBehaviour, Scoped};
use crate::source::TextRange;

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

/// What an event is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// CL302: a guard alive at an unrelated `.await`.
    HeldAcrossAwait,
    /// CL305: a second checkout from the pool of a live guard.
    NestedAcquire,
    /// CL301: a blocking checkout or connect in async context.
    Blocking,
    /// CL201 candidate: a direct connect.
    Connect { sqlite: bool },
    /// CL202 candidate: a pool built.
    PoolBuilt { kept: bool },
    /// CL205: a deadpool pool with no wait timeout.
    NoWaitTimeout,
    /// CL303: a guard leaked (`detach`: only when enabled).
    Leak { detach: bool },
    /// CL304: a transaction that nothing finishes.
    UnfinishedTx,
}

/// Something a rule may report.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventKind,
    pub at: TextRange,
    /// The function it is in (index into `FileScan::fns`).
    pub func: usize,
    /// The acquisition it relates to (the guard's `let`, the first checkout).
    pub related: Option<TextRange>,
    /// What the rule's message names (`conn`, `` `PgConnection::connect` ``).
    pub what: String,
    pub in_loop: bool,
    /// Inside a lazy-initialisation closure (`get_or_init(|| ...)`).
    pub lazy: bool,
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
    pub events: Vec<Event>,
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
    env: Vec<(String, Val)>,
    live: Vec<Live>,
    behaviour: FnBehaviour,
    has_connect: bool,
    has_pool_built: bool,
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
            env: Vec::new(),
            live: Vec::new(),
            behaviour: FnBehaviour::default(),
            has_connect: false,
            has_pool_built: false,
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
                let by_value = p
                    .child_by_field_id(crate::lang::rust::FIELD.ty)
                    .is_some_and(|t| t.kind() != "reference_type");
                let val = class_val(class.as_ref(), pname);
                if let (Val::Guard(pid, _, _), true) = (&val, by_value) {
                    b.live.push(Live {
                        name: pname.to_owned(),
                        pool: Some((*pid, String::new())),
                        tx: false,
                        acq: TextRange::of(p),
                        derived: Vec::new(),
                        ended: false,
                        body: body_id,
                    });
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
        let ret = sig
            .ret
            .as_ref()
            .and_then(|t| self.project.classify(self.cat, t));
        b.behaviour.connector = b.has_connect && ret == Some(Class::Connection);
        b.behaviour.pool_factory = b.has_pool_built && matches!(ret, Some(Class::Pool(_)));
        if sig.is_async {
            // An async function's callers await it: it does not block them.
            b.behaviour.blocking = None;
        }
        self.out.behaviour.push((sig.key, b.behaviour));
    }

    fn event(&mut self, kind: EventKind, at: Node<'_>, b: &Body, f: Frame, what: String) {
        self.out.events.push(Event {
            kind,
            at: TextRange::of(at),
            func: b.func,
            related: None,
            what,
            in_loop: f.in_loop,
            lazy: f.lazy,
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
                    && (moves(*c, &l.name, self.src, self.cat) || is_tail && self.t(*c) == l.name)
                {
                    l.ended = true;
                }
            }
        }
        let gone: Vec<Live> = b.live.drain(live_mark.min(b.live.len())..).collect();
        for l in gone {
            if l.tx && !l.ended && !b.test {
                self.out.events.push(Event {
                    kind: EventKind::UnfinishedTx,
                    at: l.acq,
                    func: b.func,
                    related: None,
                    what: l.name.clone(),
                    in_loop: f.in_loop,
                    lazy: f.lazy,
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
        for c in named_children(n) {
            if c.kind() != "closure_parameters" {
                self.walk(c, b, inner, depth + 1);
            }
        }
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
        match (&val, value) {
            (Val::Guard(pid, key, tx), Some(v)) => {
                b.live.push(Live {
                    name: name.clone(),
                    pool: Some((*pid, key.clone())),
                    tx: *tx,
                    acq: TextRange::of(strip_result(self.src, v)),
                    derived: Vec::new(),
                    ended: false,
                    body: f.body,
                });
            }
            (Val::Tx, Some(v)) => {
                let start = strip_result(self.src, v);
                // A transaction on a live guard is derived from it.
                for l in &mut b.live {
                    if !l.ended && mentions(v, &l.name, self.src) {
                        l.derived.push(name.clone());
                    }
                }
                b.live.push(Live {
                    name: name.clone(),
                    pool: None,
                    tx: true,
                    acq: TextRange::of(start),
                    derived: Vec::new(),
                    ended: false,
                    body: f.body,
                });
            }
            (_, Some(v))
                if b.live.iter().any(|l| !l.ended)
                    && (!contains_kind(v, "await_expression")
                        || calls_any(v, CONNECTION_BOUND, self.src)) =>
            {
                let src = self.src;
                for l in &mut b.live {
                    if !l.ended
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

    fn check_await(&mut self, n: Node<'_>, b: &mut Body, f: Frame) {
        let Some(operand) = named_children(n).next() else {
            return;
        };
        let live: Vec<&Live> = b
            .live
            .iter()
            .filter(|l| !l.ended && l.body == f.body)
            .collect();
        if live.is_empty() || b.test {
            return;
        }
        let src = self.src;
        let uses_any = live.iter().any(|l| {
            mentions(operand, &l.name, src) || l.derived.iter().any(|d| mentions(operand, d, src))
        });
        if uses_any || self.t(operand).contains("yield_now") {
            return;
        }
        if self.mentions_pool(operand, b) {
            return;
        }
        let Some(holder) = live.iter().rev().find(|l| l.pool.is_some()) else {
            return;
        };
        let (name, acq) = (holder.name.clone(), holder.acq);
        self.out.events.push(Event {
            kind: EventKind::HeldAcrossAwait,
            at: TextRange::of(operand),
            func: b.func,
            related: Some(acq),
            what: name,
            in_loop: f.in_loop,
            lazy: f.lazy,
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

    #[allow(clippy::too_many_lines)]
    fn call(&mut self, n: Node<'_>, b: &mut Body, f: Frame, depth: u32) {
        let Some(func) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
            return;
        };
        let args = n.child_by_field_id(crate::lang::rust::FIELD.arguments);
        let awaited = n.parent().is_some_and(|p| p.kind() == "await_expression");
        let mut offload = facts::is_offload_call(n, self.src, self.uses, self.cat);
        let lazy;
        if func.kind() == "field_expression" {
            let recv = func.child_by_field_id(crate::lang::rust::FIELD.value);
            let method = func
                .child_by_field_id(crate::lang::rust::FIELD.field)
                .map_or("", |m| self.t(m));
            lazy = LAZY_INIT.contains(&method);
            if let Some(recv) = recv {
                self.walk(recv, b, f, depth + 1);
                self.method_call(n, recv, method, b, f, awaited);
                if method != "clone" {
                    let key = self.impl_type.clone();
                    if recv.kind() == "self" {
                        if let Some(t) = key {
                            let k = format!("{t}::{method}");
                            if self.project.fn_sig(&k).is_some() {
                                offload |= self.project.is_offload_wrapper(&k);
                                self.project_call(n, &k, args, b, f, awaited);
                            }
                        }
                    }
                }
            }
        } else {
            let written = path_text(func, self.src);
            let resolved = self.resolve_call(&written);
            lazy = resolved.ends_with("Lazy::new") || resolved.ends_with("LazyLock::new");
            self.path_call(n, &written, &resolved, args, b, f, awaited);
            if let Some(key) = self.project_key(&written) {
                offload |= self.project.is_offload_wrapper(&key);
                self.project_call(n, &key, args, b, f, awaited);
            }
        }
        if let Some(args) = args {
            for arg in named_children(args) {
                if matches!(arg.kind(), "closure_expression" | "async_block") {
                    self.closure(arg, b, f, offload, lazy, depth + 1);
                } else {
                    self.walk(arg, b, f, depth + 1);
                }
            }
        }
    }

    fn method_call(
        &mut self,
        n: Node<'_>,
        recv: Node<'_>,
        m: &str,
        b: &mut Body,
        f: Frame,
        awaited: bool,
    ) {
        // `futures.push(async move { .. txn .. })`: the collection now holds database work.
        if matches!(m, "push" | "push_back" | "push_front" | "insert" | "extend")
            && recv.kind() == "identifier"
        {
            if let Some(args) = n.child_by_field_id(crate::lang::rust::FIELD.arguments) {
                let src = self.src;
                let target = self.t(recv).to_owned();
                for l in &mut b.live {
                    if !l.ended
                        && (mentions(args, &l.name, src)
                            || l.derived.iter().any(|d| mentions(args, d, src)))
                        && !l.derived.contains(&target)
                    {
                        l.derived.push(target.clone());
                    }
                }
            }
        }
        let rv = self.eval(recv, b, 0);
        let cat = self.cat;
        if let Val::Pool(pid, key) = &rv {
            let pool = &cat.pools[*pid];
            if pool.acquire.iter().any(|a| a == m) || pool.begin.iter().any(|a| a == m) {
                self.nested(
                    n,
                    *pid,
                    key,
                    b,
                    f,
                    &format!("`{}.{m}()`", compact(self.t(recv))),
                );
                if let Some(i) = b.params.iter().position(|p| p == key) {
                    b.behaviour.acquires_params.push(i);
                } else if self.project.static_class(cat, key).is_some() {
                    b.behaviour.acquires_statics.push(key.clone());
                }
                if pool.sync && !f.offloaded && !awaited {
                    let what = format!("`{}.{m}()` ({})", compact(self.t(recv)), pool.name);
                    if f.async_ctx {
                        self.event(EventKind::Blocking, n, b, f, what);
                    } else if b.behaviour.blocking.is_none() {
                        b.behaviour.blocking = Some(what);
                    }
                }
            }
        }
        if EXECUTOR_METHODS.contains(&m) {
            let mut pools: Vec<(usize, String)> = Vec::new();
            if let Val::Pool(pid, key) = &rv {
                pools.push((*pid, key.clone()));
            }
            if let Some(args) = n.child_by_field_id(crate::lang::rust::FIELD.arguments) {
                for a in named_children(args) {
                    if let Val::Pool(pid, key) = self.eval(a, b, 0) {
                        pools.push((pid, key));
                    }
                }
            }
            for (pid, key) in pools {
                self.nested(n, pid, &key, b, f, &format!("`{m}()` on the pool"));
            }
        }
        let is_guard = matches!(rv, Val::Guard(..)) || self.is_acquisition(recv, b);
        if is_guard && cat.leak_methods.contains(m) {
            self.event(
                EventKind::Leak { detach: false },
                n,
                b,
                f,
                format!("`.{m}()`"),
            );
        }
        if is_guard && cat.detach_methods.contains(m) {
            self.event(
                EventKind::Leak { detach: true },
                n,
                b,
                f,
                format!("`.{m}()`"),
            );
        }
        // Builders: `PgPoolOptions::new()...connect(..)`, `Pool::builder(m)...build()`.
        if let Some((pid, methods)) = self.builder_chain(n) {
            let pool = &cat.pools[pid];
            if pool.build.iter().any(|x| x == m) {
                b.has_pool_built = true;
                let kept = kept(n, self.src, cat);
                let what = format!("{} pool", pool.name);
                self.event(EventKind::PoolBuilt { kept }, n, b, f, what.clone());
                if pool.deadpool
                    && !methods
                        .iter()
                        .any(|x| pool.timeout_methods.iter().any(|t| t == x))
                {
                    self.event(EventKind::NoWaitTimeout, n, b, f, what);
                }
            }
        }
        if let Val::Config(pid, local) = rv {
            let pool = &cat.pools[pid];
            if pool.config_build.iter().any(|x| x == m) {
                b.has_pool_built = true;
                let kept = kept(n, self.src, cat);
                let what = format!("{} pool", pool.name);
                self.event(EventKind::PoolBuilt { kept }, n, b, f, what.clone());
                if pool.deadpool && local && !b.mentions_wait {
                    self.event(EventKind::NoWaitTimeout, n, b, f, what);
                }
            }
        }
    }

    /// A checkout from pool `key` while a guard from it is alive.
    fn nested(&mut self, n: Node<'_>, pid: usize, key: &str, b: &Body, f: Frame, what: &str) {
        if key.is_empty() || b.test {
            return;
        }
        if let Some(l) = b.live.iter().rev().find(|l| {
            !l.ended
                && l.body == f.body
                && l.pool.as_ref().is_some_and(|(p, k)| *p == pid && k == key)
        }) {
            self.out.events.push(Event {
                kind: EventKind::NestedAcquire,
                at: TextRange::of(n),
                func: b.func,
                related: Some(l.acq),
                what: format!("{what} while `{}` is held", l.name),
                in_loop: f.in_loop,
                lazy: f.lazy,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn path_call(
        &mut self,
        n: Node<'_>,
        written: &str,
        resolved: &str,
        args: Option<Node<'_>>,
        b: &mut Body,
        f: Frame,
        awaited: bool,
    ) {
        let cat = self.cat;
        if cat.constructor(resolved).is_some() {
            b.has_pool_built = true;
            let kept = kept(n, self.src, cat);
            let what = format!("`{written}`");
            self.event(EventKind::PoolBuilt { kept }, n, b, f, what);
        }
        if let Some(k) = cat.connect(resolved) {
            b.has_connect = true;
            let sqlite = k.sqlite
                || args.is_some_and(|a| {
                    let t = self.t(a);
                    t.contains("sqlite:") || t.contains(":memory:")
                });
            let what = format!("`{written}`");
            self.event(EventKind::Connect { sqlite }, n, b, f, what.clone());
            if k.sync && !f.offloaded && !awaited {
                if f.async_ctx {
                    self.event(EventKind::Blocking, n, b, f, what);
                } else if b.behaviour.blocking.is_none() {
                    b.behaviour.blocking = Some(what);
                }
            }
        }
        let first = args.and_then(|a| named_children(a).next());
        let leak = cat.leak_functions.contains(resolved) || cat.leak_functions.contains(written);
        let detach =
            cat.detach_functions.contains(resolved) || cat.detach_functions.contains(written);
        if leak || detach {
            if let Some(a) = first {
                if matches!(self.eval(a, b, 0), Val::Guard(..)) || self.is_acquisition(a, b) {
                    self.event(EventKind::Leak { detach }, n, b, f, format!("`{written}`"));
                }
            }
        }
    }

    fn project_call(
        &mut self,
        n: Node<'_>,
        key: &str,
        args: Option<Node<'_>>,
        b: &mut Body,
        f: Frame,
        awaited: bool,
    ) {
        let arg_nodes: Vec<Node<'_>> = args
            .map(|a| named_children(a).collect())
            .unwrap_or_default();
        let arg_keys: Vec<Option<String>> = arg_nodes
            .iter()
            .map(|a| match self.eval(*a, b, 0) {
                Val::Pool(_, k) if !k.is_empty() => Some(k),
                _ => None,
            })
            .collect();
        let arg_params: Vec<Option<usize>> = arg_keys
            .iter()
            .map(|k| {
                k.as_ref()
                    .and_then(|k| b.params.iter().position(|p| p == k))
            })
            .collect();
        b.behaviour.calls.push(CallSite {
            callee: key.to_owned(),
            arg_params,
            sync_context: !f.async_ctx && !f.offloaded,
        });
        let live = b
            .live
            .iter()
            .filter(|l| !l.ended && l.body == f.body)
            .filter_map(|l| {
                l.pool
                    .as_ref()
                    .filter(|(_, k)| !k.is_empty())
                    .map(|(_, k)| (k.clone(), l.acq, l.name.clone()))
            })
            .collect();
        self.out.calls.push(ProjectCall {
            callee: key.to_owned(),
            at: TextRange::of(n),
            func: b.func,
            arg_keys,
            live,
            async_ctx: f.async_ctx,
            offloaded: f.offloaded,
            awaited,
            in_loop: f.in_loop,
            lazy: f.lazy,
            kept: kept(n, self.src, self.cat),
        });
    }

    /// The project function a written call path names, if any.
    fn project_key(&self, written: &str) -> Option<String> {
        let key = if let Some(rest) = written.strip_prefix("Self::") {
            format!("{}::{rest}", self.impl_type.as_deref()?)
        } else if let Some((owner, name)) = written.rsplit_once("::") {
            let owner_last = owner.rsplit("::").next().unwrap_or(owner);
            if owner_last.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("{owner_last}::{name}")
            } else {
                let resolved = self.uses.resolve(written);
                if !(resolved.starts_with("crate::")
                    || resolved.starts_with("super::")
                    || resolved.starts_with("self::")
                    || !self
                        .cat
                        .knows_crate(resolved.split("::").next().unwrap_or("")))
                {
                    return None;
                }
                name.to_owned()
            }
        } else {
            let resolved = self.uses.resolve(written);
            if resolved.contains("::")
                && !resolved.starts_with("crate::")
                && !resolved.starts_with("super::")
                && !resolved.starts_with("self::")
            {
                return None;
            }
            written.to_owned()
        };
        self.project
            .fn_sig(&key)
            .or_else(|| self.project.resolve_fn(&key))?;
        Some(key)
    }

    /// A call path with its owner type resolved through `use`, aliases and the catalog.
    fn resolve_call(&self, written: &str) -> String {
        let Some((owner, method)) = written.rsplit_once("::") else {
            return self.uses.resolve(written);
        };
        let mut owner = self.uses.resolve(owner);
        let local = !owner.contains("::")
            || owner.starts_with("crate::")
            || owner.starts_with("super::")
            || owner.starts_with("self::");
        if local {
            let last = owner.rsplit("::").next().unwrap_or(&owner).to_owned();
            let t = crate::lang::rust::names::TypeRef {
                path: owner.clone(),
                args: Vec::new(),
            };
            if let Some(Class::Pool(_) | Class::Guard(_) | Class::Connection | Class::Config(_)) =
                self.project.classify(self.cat, &t)
            {
                if let Some(full) = self.alias_target(&last) {
                    owner = full;
                } else if let Some(full) = self.cat.distinctive(&last) {
                    full.clone_into(&mut owner);
                }
            } else if let Some(full) = self.cat.distinctive(&last) {
                full.clone_into(&mut owner);
            } else {
                for g in &self.uses.globs {
                    let c = format!("{g}::{last}");
                    if self.cat.type_class(&c).is_some()
                        || self.cat.builder(&format!("{c}::{method}")).is_some()
                        || self.cat.connect(&format!("{c}::{method}")).is_some()
                    {
                        owner = c;
                        break;
                    }
                }
            }
        }
        format!("{owner}::{method}")
    }

    /// The catalogued path a project alias stands for (`DbPool` → `r2d2::Pool`).
    fn alias_target(&self, name: &str) -> Option<String> {
        let t = crate::lang::rust::names::TypeRef {
            path: name.to_owned(),
            args: Vec::new(),
        };
        match self.project.classify(self.cat, &t)? {
            Class::Pool(_) | Class::Guard(_) | Class::Connection | Class::Config(_) => {
                self.project_alias_path(name)
            }
            _ => None,
        }
    }

    fn project_alias_path(&self, name: &str) -> Option<String> {
        let mut cur = name.to_owned();
        for _ in 0..8 {
            let next = self.project_alias(&cur)?;
            if self.cat.type_class(&next).is_some() {
                return Some(next);
            }
            next.rsplit("::")
                .next()
                .unwrap_or(&next)
                .clone_into(&mut cur);
        }
        None
    }

    fn project_alias(&self, name: &str) -> Option<String> {
        self.project.alias(name).map(|t| t.path.clone())
    }

    /// The pool whose builder chain `n` ends, and the methods called along it.
    fn builder_chain(&self, n: Node<'_>) -> Option<(usize, Vec<String>)> {
        let mut methods = Vec::new();
        let mut cur = n;
        for _ in 0..64 {
            let cur_core = strip_await(strip_result(self.src, cur));
            if cur_core.kind() != "call_expression" {
                return None;
            }
            let func = cur_core.child_by_field_id(crate::lang::rust::FIELD.function)?;
            if func.kind() == "field_expression" {
                methods.push(
                    self.t(func.child_by_field_id(crate::lang::rust::FIELD.field)?)
                        .to_owned(),
                );
                cur = func.child_by_field_id(crate::lang::rust::FIELD.value)?;
            } else {
                let written = path_text(func, self.src);
                let resolved = self.resolve_call(&written);
                return self.cat.builder(&resolved).map(|p| (p, methods));
            }
        }
        None
    }

    /// What an expression is: a pool, a guard, a transaction, ...
    #[allow(clippy::too_many_lines)]
    fn eval(&self, n: Node<'_>, b: &Body, depth: u32) -> Val {
        if depth > 24 {
            return Val::Unknown;
        }
        let cat = self.cat;
        match n.kind() {
            "parenthesized_expression"
            | "reference_expression"
            | "unary_expression"
            | "try_expression"
            | "await_expression" => named_children(n)
                .filter(|c| c.kind() != "mutable_specifier")
                .last()
                .map_or(Val::Unknown, |c| self.eval(c, b, depth + 1)),
            "identifier" => {
                let name = self.t(n);
                if let Some((_, v)) = b.env.iter().rev().find(|(k, _)| k == name) {
                    return v.clone();
                }
                class_val(self.project.static_class(cat, name).as_ref(), name)
            }
            "self" => b
                .env
                .iter()
                .rev()
                .find(|(k, _)| k == "self")
                .map_or(Val::Unknown, |(_, v)| v.clone()),
            "field_expression" => {
                let (Some(base), Some(field)) = (
                    n.child_by_field_id(crate::lang::rust::FIELD.value),
                    n.child_by_field_id(crate::lang::rust::FIELD.field),
                ) else {
                    return Val::Unknown;
                };
                let key = compact(self.t(n));
                let field = self.t(field);
                match self.eval(base, b, depth + 1) {
                    Val::Struct(s) => {
                        class_val(self.project.field_class(cat, &s, field).as_ref(), &key)
                    }
                    Val::Unknown => {
                        class_val(self.project.field_class_by_name(cat, field).as_ref(), &key)
                    }
                    _ => Val::Unknown,
                }
            }
            "call_expression" => {
                let Some(func) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
                    return Val::Unknown;
                };
                let args = n.child_by_field_id(crate::lang::rust::FIELD.arguments);
                let first_arg = args.and_then(|a| named_children(a).next());
                if func.kind() == "field_expression" {
                    let (Some(recv), Some(m)) = (
                        func.child_by_field_id(crate::lang::rust::FIELD.value),
                        func.child_by_field_id(crate::lang::rust::FIELD.field),
                    ) else {
                        return Val::Unknown;
                    };
                    let m = self.t(m);
                    let rv = self.eval(recv, b, depth + 1);
                    if (TRANSPARENT_METHODS.contains(&m) || RESULT_METHODS.contains(&m))
                        && !matches!(rv, Val::Cell(_))
                    {
                        return rv;
                    }
                    match &rv {
                        Val::Cell(c) if cat.cell_methods.contains(m) => {
                            return class_val(Some(c), &pool_base_key(recv, self.src));
                        }
                        Val::Pool(pid, key) => {
                            let p = &cat.pools[*pid];
                            if p.acquire.iter().any(|a| a == m) {
                                return Val::Guard(*pid, key.clone(), false);
                            }
                            if p.begin.iter().any(|a| a == m) {
                                return Val::Guard(*pid, key.clone(), true);
                            }
                        }
                        Val::Guard(..) | Val::Conn | Val::Tx
                            if cat.transaction_methods.contains(m)
                                && !args.is_some_and(|a| {
                                    named_children(a).any(|c| c.kind() == "closure_expression")
                                }) =>
                        {
                            return Val::Tx;
                        }
                        Val::Config(pid, _)
                            if cat.pools[*pid].config_build.iter().any(|x| x == m) =>
                        {
                            return Val::Pool(*pid, String::new());
                        }
                        _ => {}
                    }
                    if m == "start" && self.t(recv).contains("build_transaction") {
                        return Val::Tx;
                    }
                    if let Some((pid, _)) = self.builder_chain(n) {
                        if cat.pools[pid].build.iter().any(|x| x == m) {
                            return Val::Pool(pid, String::new());
                        }
                    }
                    Val::Unknown
                } else {
                    let written = path_text(func, self.src);
                    let resolved = self.resolve_call(&written);
                    if let Some(pid) = cat.constructor(&resolved) {
                        return Val::Pool(pid, String::new());
                    }
                    if cat.connect(&resolved).is_some() {
                        return Val::Conn;
                    }
                    let last2: Vec<&str> = written.rsplit("::").take(2).collect();
                    let is_wrap = matches!(
                        last2.as_slice(),
                        ["new", "Arc" | "Rc" | "Box" | "Data" | "Mutex" | "RwLock"]
                            | ["clone", "Arc" | "Rc"]
                            | ["Some" | "Ok" | "Extension" | "State" | "Data"]
                            | ["from", "Data" | "Arc"]
                    );
                    if is_wrap {
                        return first_arg.map_or(Val::Unknown, |a| self.eval(a, b, depth + 1));
                    }
                    if let Some((owner, m)) = resolved.rsplit_once("::") {
                        if matches!(m, "new" | "default") {
                            if let Some(crate::catalog::rust::TypeClass::Config(pid)) =
                                cat.type_class(owner)
                            {
                                return Val::Config(pid, true);
                            }
                        }
                    }
                    if let Some(key) = self.project_key(&written) {
                        if let Some(ret) = self
                            .project
                            .resolve_fn(&key)
                            .and_then(|s| s.ret.clone())
                            .and_then(|t| self.project.classify(cat, &t))
                        {
                            let v = class_val(Some(&ret), &format!("{key}()"));
                            // A factory's pool is new at each call: no shared key.
                            return match v {
                                Val::Guard(pid, _, tx) => Val::Guard(pid, String::new(), tx),
                                other => other,
                            };
                        }
                    }
                    Val::Unknown
                }
            }
            "struct_expression" => {
                let Some(name) = n.child_by_field_id(crate::lang::rust::FIELD.name) else {
                    return Val::Unknown;
                };
                let written = path_text(name, self.src);
                let resolved = self.uses.resolve(&written);
                if let Some(crate::catalog::rust::TypeClass::Config(pid)) =
                    cat.type_class(&resolved)
                {
                    return Val::Config(pid, true);
                }
                let t = crate::lang::rust::names::TypeRef {
                    path: resolved,
                    args: Vec::new(),
                };
                if let Some(Class::Struct(s)) = self.project.classify(cat, &t) {
                    Val::Struct(s)
                } else {
                    Val::Unknown
                }
            }
            _ => Val::Unknown,
        }
    }
}

/// The value of a declared class, for a binding named `key`.
fn class_val(c: Option<&Class>, key: &str) -> Val {
    match c {
        Some(Class::Pool(p)) => Val::Pool(*p, key.to_owned()),
        Some(Class::Guard(p)) => Val::Guard(*p, String::new(), false),
        Some(Class::Connection) => Val::Conn,
        Some(Class::Config(p)) => Val::Config(*p, false),
        Some(Class::Struct(s)) => Val::Struct(s.clone()),
        Some(Class::Cell(c)) => Val::Cell(c.clone()),
        None => Val::Unknown,
    }
}

/// The key of a static behind a cell (`POOL` of `POOL.get()`).
fn pool_base_key(recv: Node<'_>, src: &str) -> String {
    let mut n = recv;
    loop {
        match n.kind() {
            "identifier" | "field_expression" | "self" => return compact(text(n, src)),
            "call_expression" => match n
                .child_by_field_id(crate::lang::rust::FIELD.function)
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.value))
            {
                Some(v) => n = v,
                None => return compact(text(n, src)),
            },
            _ => match named_children(n).last() {
                Some(c) => n = c,
                None => return compact(text(n, src)),
            },
        }
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `x?`, `x.unwrap()`, `x.expect(..)`, `x.map_err(..)?` → `x` (`.await` is kept).
fn strip_result<'t>(src: &str, n: Node<'t>) -> Node<'t> {
    let mut n = n;
    for _ in 0..16 {
        match n.kind() {
            "try_expression" | "parenthesized_expression" => match named_children(n).next() {
                Some(c) => n = c,
                None => return n,
            },
            "call_expression" => {
                let Some(f) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
                    return n;
                };
                if f.kind() != "field_expression" {
                    return n;
                }
                let is_result = f
                    .child_by_field_id(crate::lang::rust::FIELD.field)
                    .is_some_and(|m| RESULT_METHODS.contains(&text(m, src)));
                match (
                    is_result,
                    f.child_by_field_id(crate::lang::rust::FIELD.value),
                ) {
                    (true, Some(v)) => n = v,
                    _ => return n,
                }
            }
            _ => return n,
        }
    }
    n
}

fn strip_await(n: Node<'_>) -> Node<'_> {
    if n.kind() == "await_expression" {
        named_children(n).next().unwrap_or(n)
    } else {
        n
    }
}

/// Whether `n` calls a method named in `names` (closures and async blocks excluded).
fn calls_any(n: Node<'_>, names: &[&str], src: &str) -> bool {
    let mut stack = vec![n];
    let mut steps = 0;
    while let Some(x) = stack.pop() {
        steps += 1;
        if steps > 20_000 {
            return false;
        }
        if x.kind() == "call_expression"
            && x.child_by_field_id(crate::lang::rust::FIELD.function)
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.field))
                .is_some_and(|m| names.contains(&text(m, src)))
        {
            return true;
        }
        if !matches!(x.kind(), "closure_expression" | "async_block") {
            stack.extend(named_children(x));
        }
    }
    false
}

fn contains_kind(n: Node<'_>, kind: &str) -> bool {
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == kind {
            return true;
        }
        if !matches!(x.kind(), "closure_expression" | "async_block") {
            stack.extend(named_children(x));
        }
    }
    false
}

/// Whether `name` occurs as an identifier in `n` (macro arguments included).
#[must_use]
pub fn mentions(n: Node<'_>, name: &str, src: &str) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            return true;
        }
        stack.extend(named_children(x));
    }
    false
}

/// Whether the body text sets a wait timeout somewhere (`wait: Some(..)`, `wait_millis`, `.wait_timeout(..)`).
fn mentions_wait(body: &str) -> bool {
    let bytes = body.as_bytes();
    body.match_indices("wait").any(|(i, _)| {
        i == 0 || {
            let c = bytes[i - 1];
            !(c.is_ascii_alphanumeric() || c == b'_')
        }
    })
}

/// Whether `name` is moved or dropped somewhere in `n`: passed by value, returned,
/// stored, captured by a `move` closure, or consumed by a method (`commit`).
#[must_use]
pub fn moves(n: Node<'_>, name: &str, src: &str, cat: &RustCatalog) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![(n, false)];
    while let Some((x, in_move)) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            if in_move {
                return true;
            }
            if let Some(p) = x.parent() {
                let is_value = |field: &str| {
                    p.child_by_field_name(field)
                        .is_some_and(|c| c.id() == x.id())
                };
                let moved = match p.kind() {
                    "arguments"
                    | "return_expression"
                    | "array_expression"
                    | "tuple_expression"
                    | "shorthand_field_initializer" => true,
                    "let_declaration" | "field_initializer" => is_value("value"),
                    "assignment_expression" => is_value("right"),
                    "block" => p
                        .named_child(p.named_child_count().saturating_sub(1) as u32)
                        .is_some_and(|c| c.id() == x.id()),
                    "field_expression" => p
                        .parent()
                        .filter(|g| g.kind() == "call_expression")
                        .and_then(|_| p.child_by_field_id(crate::lang::rust::FIELD.field))
                        .is_some_and(|m| {
                            let m = text(m, src);
                            // `into_*` take `self` by convention (`pool.into()`, `conn.into_inner()`).
                            cat.consuming_methods.contains(m) || m.starts_with("into")
                        }),
                    // Inside a macro (`tokio::select! { r = run(tx, input) => .. }`), a bare
                    // argument `( tx ,` reads as a move.
                    "token_tree" => {
                        x.prev_sibling()
                            .is_some_and(|t| matches!(t.kind(), "(" | ","))
                            && x.next_sibling()
                                .is_some_and(|t| matches!(t.kind(), "," | ")"))
                    }
                    // `std::mem::take(&mut conn)`, `mem::replace(&mut conn, ..)`.
                    "reference_expression" => p
                        .parent()
                        .filter(|a| a.kind() == "arguments")
                        .and_then(|a| a.parent())
                        .and_then(|c| c.child_by_field_id(crate::lang::rust::FIELD.function))
                        .is_some_and(|f| {
                            let t = text(f, src);
                            t.ends_with("mem::take")
                                || t.ends_with("mem::replace")
                                || t == "take"
                                || t == "replace"
                        }),
                    _ => false,
                };
                if moved {
                    return true;
                }
            }
        }
        if x.kind() == "function_item" {
            continue;
        }
        let is_move = matches!(x.kind(), "closure_expression" | "async_block")
            && text(x, src)
                .split(['{', '|'])
                .next()
                .is_some_and(|h| h.split_whitespace().any(|w| w == "move"));
        for c in named_children(x) {
            stack.push((c, in_move || is_move));
        }
    }
    false
}

/// Whether the value a constructor call makes is kept beyond the call: bound and then moved
/// somewhere, passed on, returned or stored.
#[must_use]
pub fn kept(call: Node<'_>, src: &str, cat: &RustCatalog) -> bool {
    let mut n = call;
    for _ in 0..32 {
        let Some(p) = n.parent() else {
            return true;
        };
        match p.kind() {
            "await_expression" | "try_expression" | "parenthesized_expression" => n = p,
            "field_expression" => {
                let m = p
                    .child_by_field_id(crate::lang::rust::FIELD.field)
                    .map_or("", |m| text(m, src));
                let Some(call) = p.parent().filter(|g| g.kind() == "call_expression") else {
                    return false;
                };
                if RESULT_METHODS.contains(&m) {
                    n = call;
                } else {
                    return false;
                }
            }
            "let_declaration" => {
                let Some(name) = p
                    .child_by_field_id(crate::lang::rust::FIELD.pattern)
                    .and_then(|pat| pattern_name(pat, src))
                else {
                    return true;
                };
                let mut sib = p.next_named_sibling();
                while let Some(s) = sib {
                    if moves(s, name, src, cat)
                        || s.next_named_sibling().is_none() && text(s, src) == name
                        || lent_beyond_queries(s, name, src)
                    {
                        return true;
                    }
                    sib = s.next_named_sibling();
                }
                return false;
            }
            "expression_statement" => return false,
            _ => return true,
        }
    }
    true
}

/// Whether `&name` is handed to a call other than a query (`PgListener::connect_with(&pool)`,
/// `migrate!().run(&pool)`): the callee may keep a clone, so the pool may outlive the call.
fn lent_beyond_queries(n: Node<'_>, name: &str, src: &str) -> bool {
    if !text(n, src).contains(name) {
        return false;
    }
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        if x.kind() == "identifier" && text(x, src) == name {
            let mut arg = x;
            while let Some(p) = arg.parent() {
                if matches!(
                    p.kind(),
                    "reference_expression" | "unary_expression" | "parenthesized_expression"
                ) {
                    arg = p;
                } else {
                    break;
                }
            }
            if let Some(args) = arg.parent().filter(|p| p.kind() == "arguments") {
                let callee = args
                    .parent()
                    .and_then(|c| c.child_by_field_id(crate::lang::rust::FIELD.function))
                    .map_or("", |f| match f.kind() {
                        "field_expression" => f
                            .child_by_field_id(crate::lang::rust::FIELD.field)
                            .map_or("", |m| text(m, src)),
                        _ => text(f, src).rsplit("::").next().unwrap_or(""),
                    });
                if !EXECUTOR_METHODS.contains(&callee) && !callee.starts_with("query") {
                    return true;
                }
            }
        }
        if x.kind() != "function_item" {
            stack.extend(named_children(x));
        }
    }
    false
}
