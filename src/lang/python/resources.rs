//! Pass 2 for Python: every acquisition in a file and what becomes of it.
//!
//! An acquisition is a call whose value is a *fresh* resource (a connection
//! straight from a driver, a pool, a session factory, or a project acquirer).
//! Its *use* says where the value goes: into a `with`, out of the function
//! (returned, yielded, stored), into a local (whose fate is then followed,
//! flow-insensitively), or nowhere. The path-sensitive leak analysis builds
//! on the same acquisitions.

use std::collections::HashSet;
use std::sync::Arc;

use tree_sitter::Node;

use crate::catalog::{Catalog, CatalogItem, WithSemantics};
use crate::lang::python::facts::{callee_leaf, with_item_of};
use crate::lang::python::model::{Binding, PyFile, ScopeKind};
use crate::lang::python::summaries::Project;
use crate::lang::python::values::{Evaluator, ResRef, Val, Via};

/// Methods that put their argument into a container that outlives the call.
const CONTAINER_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "add",
    "put",
    "put_nowait",
    "insert",
    "extend",
    "push",
    "setdefault",
];

/// One acquisition and its use.
#[derive(Debug, Clone)]
pub struct Acquisition<'t> {
    pub call: Node<'t>,
    pub scope: u32,
    pub resource: ResRef,
    pub use_: Use<'t>,
}

/// Why a value leaves the function's hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    Returned,
    Yielded,
    Stored,
    Owned,
    Captured,
    Global,
}

/// Where an acquired value goes.
#[derive(Debug, Clone)]
pub enum Use<'t> {
    /// The value of a `with` item (directly or through `closing(...)`).
    With { item: Node<'t>, closes: bool },
    /// Returned, yielded, stored, handed to an owner.
    Escapes(Escape, Node<'t>),
    /// Bound to a local (or, at module level, a global) variable.
    Local { name: Arc<str>, fate: Fate<'t> },
    /// An expression statement: acquired and dropped.
    Discarded,
    /// Used inline (`connect().cursor()`) and never bound.
    Chained(Node<'t>),
    /// Passed to a project function that neither keeps nor releases it.
    Leaked { callee: Node<'t> },
    /// Released on the spot (`pool.putconn(pool.getconn())`).
    Released,
    /// Stored into a local container that nothing reads afterwards
    /// (`jobs = {}; jobs["a"] = Popen(...)`, then never `jobs` again): the
    /// container is dropped at the return, and the value with it.
    Unread { container: Node<'t> },
}

/// What happens to a local holding a resource, anywhere in its scope.
#[derive(Debug, Clone, Default)]
pub struct Fate<'t> {
    pub escape: Option<(Escape, Node<'t>)>,
    /// `with closing(conn):`, or `with conn:` on a resource whose `with` closes it.
    pub guarded: Option<Node<'t>>,
    /// `with conn:` that only ends a transaction.
    pub transaction_with: Option<Node<'t>>,
    /// `conn.close()`, `pool.putconn(conn)`, `release(conn)`.
    pub releases: Vec<Node<'t>>,
}

/// A connection held for the body of a `with` statement: a guarded context
/// manager (`with get_db_cursor() as (cur, conn):`, `async with
/// pool.acquire() as conn:`) or an acquisition used as a `with` item.
#[derive(Debug, Clone)]
pub struct Hold<'t> {
    pub scope: u32,
    /// The `with` item's call.
    pub call: Node<'t>,
    pub with_stmt: Node<'t>,
    pub resource: ResRef,
    /// `async with`.
    pub is_async_with: bool,
    /// Entered through a context manager (not the acquisition itself).
    pub guarded: bool,
}

/// A pool built by a constructor call (`ThreadedConnectionPool(...)`, `create_engine(...)`).
#[derive(Debug, Clone)]
pub struct PoolConstruction<'t> {
    pub scope: u32,
    pub call: Node<'t>,
    pub pool: crate::lang::python::values::PoolRef,
    /// The constructor's last name, as written (`ThreadedConnectionPool`).
    pub class: &'t str,
}

/// Finds acquisitions in a file.
pub struct Finder<'a, 't> {
    pub file: &'a PyFile<'t>,
    pub catalog: &'a Catalog,
    pub project: &'a Project,
    /// Last names of callees worth evaluating.
    pub interesting: &'a HashSet<String>,
}

impl<'t> Finder<'_, 't> {
    /// An evaluator over the catalog and the project summaries.
    #[must_use]
    pub fn ev(&self) -> Evaluator<'_, Project> {
        Evaluator {
            catalog: self.catalog,
            lookup: self.project,
        }
    }

    /// Whether a call might be an acquisition, cheaply (before evaluating it).
    fn worth_evaluating(&self, scope: u32, call: Node<'_>) -> bool {
        let Some(function) = call.child_by_field_name("function") else {
            return false;
        };
        match function.kind() {
            "identifier" => {
                let name = self.file.text_of(function);
                self.interesting.contains(name)
                    || matches!(
                        self.file.resolve_name(scope, name),
                        crate::lang::python::sym::Sym::Local(..)
                            | crate::lang::python::sym::Sym::Param(_)
                    )
            }
            "attribute" => {
                callee_leaf(self.file, call).is_some_and(|l| self.interesting.contains(l))
            }
            _ => false,
        }
    }

    /// What the function of `call` is (`Val::Function`, `Val::Catalog`, ...),
    /// not what calling it gives; `Val::Unknown` for a call without one.
    #[must_use]
    pub fn callee_value(&self, scope: u32, call: Node<'_>) -> Val {
        match call.child_by_field_name("function") {
            Some(f) => self
                .ev()
                .eval(&self.file.sym(f, scope), &self.file.env(scope)),
            None => Val::Unknown,
        }
    }

    /// The value of a call, if it might matter.
    #[must_use]
    pub fn eval_call(&self, scope: u32, call: Node<'_>) -> Option<Val> {
        if !self.worth_evaluating(scope, call) {
            return None;
        }
        let sym = self.file.sym(call, scope);
        Some(self.ev().eval(&sym, &self.file.env(scope)))
    }

    /// Every acquisition of the file, in source order.
    #[must_use]
    pub fn acquisitions(&self) -> Vec<Acquisition<'t>> {
        let mut out = Vec::new();
        for scope in &self.file.scopes {
            for &call in &scope.calls {
                let (r, use_) = match self.eval_call(scope.id, call) {
                    Some(Val::Resource(r, true)) => {
                        let use_ = self.use_of(scope.id, call, &r);
                        (r, use_)
                    }
                    // `conn, cur = create_conn()`: a helper that returns a
                    // fresh connection with its cursor.
                    Some(Val::Tuple(items)) => {
                        let Some((index, Val::Resource(r, _))) = items
                            .into_iter()
                            .enumerate()
                            .find(|(_, v)| v.is_fresh_resource())
                        else {
                            continue;
                        };
                        let use_ = self.use_of_item(scope.id, call, index);
                        (r, use_)
                    }
                    _ => continue,
                };
                out.push(Acquisition {
                    call,
                    scope: scope.id,
                    resource: r,
                    use_,
                });
            }
        }
        out.sort_by_key(|a| a.call.start_byte());
        out
    }

    /// The qualified callee of the call bound to `name` in `scope` or at module
    /// level: `threading.local` for `_local = threading.local()`.
    #[must_use]
    pub fn bound_call_path(&self, scope: u32, name: &str) -> Option<Arc<str>> {
        for s in [scope, 0] {
            let Some(bindings) = self.file.scopes.get(s as usize)?.bindings.get(name) else {
                continue;
            };
            for b in bindings {
                let crate::lang::python::model::Binding::Value(value) = b else {
                    continue;
                };
                if let Some(p) = self.callee_path(s, *value) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The qualified name of what `call` calls (`threading.local`), when it is
    /// a library or catalog name or a project class.
    #[must_use]
    pub fn callee_path(&self, scope: u32, call: Node<'_>) -> Option<Arc<str>> {
        if call.kind() != "call" {
            return None;
        }
        match self.callee_value(scope, call) {
            Val::External(p) | Val::Catalog(_, p) | Val::Class(p) => Some(p),
            _ => None,
        }
    }

    /// Every pool constructor call of the file, in source order.
    #[must_use]
    pub fn pool_constructions(&self) -> Vec<PoolConstruction<'t>> {
        let leaves: HashSet<&str> = self
            .catalog
            .pools
            .iter()
            .flat_map(|p| p.class.iter())
            .map(|c| c.rsplit('.').next().unwrap_or(c))
            .collect();
        let mut out = Vec::new();
        for scope in &self.file.scopes {
            for &call in &scope.calls {
                // Only calls named like a pool constructor are evaluated.
                let Some(class) = callee_leaf(self.file, call) else {
                    continue;
                };
                if !leaves.contains(class) {
                    continue;
                }
                let sym = self.file.sym(call, scope.id);
                let Val::Pool(pool) = self.ev().eval(&sym, &self.file.env(scope.id)) else {
                    continue;
                };
                if !pool.named {
                    out.push(PoolConstruction {
                        scope: scope.id,
                        call,
                        pool,
                        class,
                    });
                }
            }
        }
        out.sort_by_key(|c| c.call.start_byte());
        out
    }

    /// Every connection held by a `with` statement, in source order.
    #[must_use]
    pub fn holds(&self, acquisitions: &[Acquisition<'t>]) -> Vec<Hold<'t>> {
        let mut out = Vec::new();
        let with_of = |item: Node<'t>| {
            item.parent()
                .and_then(|c| c.parent())
                .filter(|w| w.kind() == "with_statement")
        };
        // `with engine.connect() as conn:`, `with closing(psycopg2.connect()) as conn:`
        for a in acquisitions {
            if let Use::With { item, .. } = a.use_ {
                if let Some(with_stmt) = with_of(item) {
                    out.push(Hold {
                        scope: a.scope,
                        call: a.call,
                        with_stmt,
                        resource: a.resource.clone(),
                        is_async_with: with_stmt.child(0).is_some_and(|c| c.kind() == "async"),
                        guarded: false,
                    });
                }
            }
        }
        // `with get_db_cursor() as (cur, conn):`, `async with pool.acquire() as conn:`
        for scope in &self.file.scopes {
            for &call in &scope.calls {
                if acquisitions.iter().any(|a| a.call.id() == call.id()) {
                    continue;
                }
                let Some(item) = with_item_of(call) else {
                    continue;
                };
                let Some(with_stmt) = with_of(item) else {
                    continue;
                };
                let is_async_with = with_stmt.child(0).is_some_and(|c| c.kind() == "async");
                let resource = match self.eval_call(scope.id, call) {
                    Some(Val::Cm(inner)) => inner.resource().cloned(),
                    // `with Cursor() as cur:` on a project class whose `__enter__` checks out
                    Some(Val::Instance(class)) => self.project.wrapper(&class).cloned(),
                    _ => None,
                };
                let Some(resource) = resource else {
                    continue;
                };
                out.push(Hold {
                    scope: scope.id,
                    call,
                    with_stmt,
                    resource,
                    is_async_with,
                    guarded: true,
                });
            }
        }
        out.sort_by_key(|h| h.call.start_byte());
        out
    }

    /// Where the value of `call` goes.
    fn use_of(&self, scope: u32, call: Node<'t>, res: &ResRef) -> Use<'t> {
        // Ex) `lock.acquire()`: the lock itself is now held, under its name
        if let Via::Catalog(id) = res.via {
            let object = call
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")
                .and_then(|f| f.child_by_field_name("object"))
                .filter(|o| o.kind() == "identifier");
            if let Some(object) = object.filter(|_| self.catalog.acquire(id).receiver) {
                let mut u = self.bound_to(scope, object);
                // `with lock:` elsewhere is an acquisition of its own.
                if let Use::Local { fate, .. } = &mut u {
                    fate.guarded = None;
                }
                return u;
            }
        }
        let mut node = call;
        let mut in_container = false;
        for _ in 0..64 {
            let Some(parent) = node.parent() else {
                return Use::Discarded;
            };
            match parent.kind() {
                "await" | "parenthesized_expression" | "boolean_operator" => node = parent,
                "conditional_expression" => {
                    // The condition of `a if cond else b` is only tested.
                    if parent.named_child(1).is_some_and(|c| c.id() == node.id()) {
                        return Use::Chained(parent);
                    }
                    node = parent;
                }
                "tuple" | "list" | "expression_list" | "set" | "pair" | "dictionary" => {
                    in_container = true;
                    node = parent;
                }
                "as_pattern" => {
                    return match parent.parent().filter(|p| p.kind() == "with_item") {
                        Some(item) => Use::With {
                            item,
                            closes: self.catalog.resource(res.def).with == WithSemantics::Closes,
                        },
                        None => Use::Escapes(Escape::Stored, parent),
                    };
                }
                "with_item" => {
                    return Use::With {
                        item: parent,
                        closes: self.catalog.resource(res.def).with == WithSemantics::Closes,
                    };
                }
                "argument_list" => {
                    let Some(outer) = parent.parent().filter(|p| p.kind() == "call") else {
                        return Use::Escapes(Escape::Stored, parent);
                    };
                    let index = positional_index(parent, node);
                    return self.passed_to(scope, outer, index, None);
                }
                "keyword_argument" => {
                    let Some(outer) = parent
                        .parent()
                        .and_then(|a| a.parent())
                        .filter(|p| p.kind() == "call")
                    else {
                        return Use::Escapes(Escape::Stored, parent);
                    };
                    let kw = parent
                        .child_by_field_name("name")
                        .map(|n| self.file.text_of(n));
                    return self.passed_to(scope, outer, None, kw);
                }
                "return_statement" | "lambda" => return Use::Escapes(Escape::Returned, parent),
                "yield" => return Use::Escapes(Escape::Yielded, parent),
                "assignment" => {
                    let Some(left) = parent.child_by_field_name("left") else {
                        return Use::Escapes(Escape::Stored, parent);
                    };
                    if in_container {
                        // `conns = [connect(), ...]`, `a, b = connect(), x`
                        if let Some(target) = unpacked_target(parent, call) {
                            return self.bound_to(scope, target);
                        }
                        return Use::Escapes(Escape::Stored, parent);
                    }
                    return match left.kind() {
                        "identifier" => self.bound_to(scope, left),
                        "subscript" if self.is_unread_container(scope, left) => {
                            Use::Unread { container: left }
                        }
                        _ => Use::Escapes(Escape::Stored, left),
                    };
                }
                "named_expression" => {
                    return match parent.child_by_field_name("name") {
                        Some(n) => self.bound_to(scope, n),
                        None => Use::Escapes(Escape::Stored, parent),
                    };
                }
                "expression_statement" => return Use::Discarded,
                "attribute" => {
                    // `connect().close()` releases on the spot; `connect().execution_options(...)`
                    // returns the same connection, whose use is what matters.
                    let called = parent.parent().filter(|g| g.kind() == "call").filter(|g| {
                        g.child_by_field_name("function")
                            .is_some_and(|f| f.id() == parent.id())
                    });
                    let method = parent
                        .child_by_field_name("attribute")
                        .map(|a| self.file.text_of(a));
                    let def = self.catalog.resource(res.def);
                    match (called, method) {
                        (Some(_), Some(m)) if def.release.iter().any(|r| r == m) => {
                            return Use::Released;
                        }
                        (Some(call), Some(m)) if def.fluent.iter().any(|f| f == m) => node = call,
                        _ => return Use::Chained(parent),
                    }
                }
                "subscript" | "call" => return Use::Chained(parent),
                // Comprehensions, f-strings, operators, ...: do not guess.
                _ => return Use::Escapes(Escape::Stored, parent),
            }
        }
        Use::Escapes(Escape::Stored, node)
    }

    /// What becomes of item `index` of the tuple that `call` returns: bound
    /// by `a, b = call()` to its target; otherwise not followed (kept as
    /// stored, so no rule guesses).
    fn use_of_item(&self, scope: u32, call: Node<'t>, index: usize) -> Use<'t> {
        let mut node = call;
        while let Some(parent) = node.parent() {
            match parent.kind() {
                "await" | "parenthesized_expression" => node = parent,
                "assignment" => {
                    let left = parent.child_by_field_name("left");
                    let right = parent.child_by_field_name("right");
                    let target = left
                        .filter(|l| matches!(l.kind(), "pattern_list" | "tuple_pattern"))
                        .filter(|_| right.is_some_and(|r| r.id() == node.id()))
                        .and_then(|l| {
                            let mut cursor = l.walk();
                            l.named_children(&mut cursor)
                                .filter(|c| c.kind() != "comment")
                                .nth(index)
                        })
                        .filter(|t| t.kind() == "identifier");
                    return match target {
                        Some(t) => self.bound_to(scope, t),
                        None => Use::Escapes(Escape::Stored, parent),
                    };
                }
                "expression_statement" => return Use::Discarded,
                "return_statement" => return Use::Escapes(Escape::Returned, parent),
                _ => return Use::Escapes(Escape::Stored, parent),
            }
        }
        Use::Escapes(Escape::Stored, node)
    }

    /// A value bound to the variable named by `target`.
    fn bound_to(&self, scope: u32, target: Node<'t>) -> Use<'t> {
        let name: Arc<str> = Arc::from(self.file.text_of(target));
        let s = &self.file.scopes[scope as usize];
        if s.kind == ScopeKind::Class {
            return Use::Escapes(Escape::Stored, target);
        }
        if s.declared_global.contains(&name) || s.declared_nonlocal.contains(&name) {
            return Use::Escapes(Escape::Global, target);
        }
        let fate = self.fate(scope, &name, 0);
        Use::Local { name, fate }
    }

    /// What a call does with a resource passed at `index` (or keyword `kw`).
    pub(crate) fn passed_to(
        &self,
        scope: u32,
        call: Node<'t>,
        index: Option<u32>,
        kw: Option<&str>,
    ) -> Use<'t> {
        let Some(function) = call.child_by_field_name("function") else {
            return Use::Escapes(Escape::Owned, call);
        };
        match self.callee_value(scope, call) {
            Val::Catalog(CatalogItem::Closer, _) => {
                if let Some(item) = with_item_of(call) {
                    Use::With { item, closes: true }
                } else {
                    Use::Escapes(Escape::Owned, call)
                }
            }
            Val::Catalog(CatalogItem::Releaser, _) => Use::Released,
            Val::PoolMethod(p, m) if self.catalog.pool(p.def).release.iter().any(|r| **r == *m) => {
                Use::Released
            }
            Val::Function { qualname, bound } => {
                let Some(summary) = self.project.function(&qualname) else {
                    return Use::Escapes(Escape::Owned, call);
                };
                let param = match (index, kw) {
                    (Some(i), _) => Some(i + u32::from(bound)),
                    (None, Some(k)) => summary
                        .params
                        .iter()
                        .position(|p| &**p == k)
                        .map(|p| p as u32),
                    _ => None,
                };
                match param {
                    Some(p) if summary.releases.contains(&p) => Use::Released,
                    Some(p) if summary.escapes.contains(&p) => Use::Escapes(Escape::Owned, call),
                    Some(_) if !summary.is_generator && !summary.is_context_manager => {
                        Use::Leaked { callee: function }
                    }
                    _ => Use::Escapes(Escape::Owned, call),
                }
            }
            // A library call or anything unknown may keep it: do not guess.
            _ => Use::Escapes(Escape::Owned, call),
        }
    }

    /// The fate of local `name` in `scope` (flow-insensitive).
    pub(crate) fn fate(&self, scope: u32, name: &str, depth: u32) -> Fate<'t> {
        let mut fate = Fate::default();
        let Some(idents) = self.file.scope_idents(scope) else {
            return fate;
        };
        for &(start, end, nested) in idents.by_name.get(name).into_iter().flatten() {
            let Some(node) = self.file.identifier_at(start, end) else {
                continue;
            };
            if nested {
                if fate.escape.is_none() && self.file.refers_to_enclosing(scope, node, name) {
                    fate.escape = Some((Escape::Captured, node));
                }
            } else {
                self.reference(scope, node, name, depth, &mut fate);
            }
        }
        fate.releases.sort_by_key(Node::start_byte);
        fate
    }

    /// Classifies one reference to a resource-holding local.
    pub(crate) fn reference(
        &self,
        scope: u32,
        ident: Node<'t>,
        name: &str,
        depth: u32,
        fate: &mut Fate<'t>,
    ) {
        let mut node = ident;
        let mut in_container = false;
        for _ in 0..32 {
            let Some(parent) = node.parent() else { return };
            match parent.kind() {
                "parenthesized_expression" | "await" => node = parent,
                "tuple" | "list" | "expression_list" | "set" | "pair" | "dictionary" => {
                    in_container = true;
                    node = parent;
                }
                "attribute" => {
                    // `conn.close()` releases; other attributes are uses.
                    if parent
                        .child_by_field_name("object")
                        .is_some_and(|o| o.id() == node.id())
                        && !in_container
                    {
                        let method = parent
                            .child_by_field_name("attribute")
                            .map(|a| self.file.text_of(a));
                        let called = parent.parent().filter(|g| g.kind() == "call").filter(|g| {
                            g.child_by_field_name("function")
                                .is_some_and(|f| f.id() == parent.id())
                        });
                        if let (Some(call), Some(m)) = (called, method) {
                            if self.is_release_method(m) {
                                fate.releases.push(call);
                            }
                        }
                    }
                    return;
                }
                "argument_list" | "keyword_argument" => {
                    let (args, kw) = if parent.kind() == "keyword_argument" {
                        (
                            parent.parent(),
                            parent
                                .child_by_field_name("name")
                                .map(|n| self.file.text_of(n)),
                        )
                    } else {
                        (Some(parent), None)
                    };
                    let Some(call) = args.and_then(|a| a.parent()).filter(|c| c.kind() == "call")
                    else {
                        return;
                    };
                    let index = if kw.is_none() {
                        args.and_then(|a| positional_index(a, node))
                    } else {
                        None
                    };
                    if in_container {
                        return;
                    }
                    if let Some(f) = call.child_by_field_name("function") {
                        let leaf = callee_leaf(self.file, call).unwrap_or("");
                        if f.kind() == "attribute" && CONTAINER_METHODS.contains(&leaf) {
                            fate.escape.get_or_insert((Escape::Stored, call));
                            return;
                        }
                    }
                    match self.passed_to(scope, call, index, kw) {
                        Use::Released => fate.releases.push(call),
                        Use::With { item, .. } => {
                            fate.guarded.get_or_insert(item);
                        }
                        // Only callees known to keep it are escapes; a library call borrows.
                        Use::Escapes(Escape::Owned, _)
                            if self.keeps_argument(scope, call, index, kw)
                                && !self.bound_and_dropped(scope, call) =>
                        {
                            fate.escape.get_or_insert((Escape::Owned, call));
                        }
                        _ => {}
                    }
                    return;
                }
                "return_statement" | "lambda" => {
                    fate.escape.get_or_insert((Escape::Returned, parent));
                    return;
                }
                "yield" => {
                    fate.escape.get_or_insert((Escape::Yielded, parent));
                    return;
                }
                "assignment" => {
                    let right = parent.child_by_field_name("right");
                    if right.is_none_or(|r| r.id() != node.id()) {
                        // A target (`conn = ...` itself) or an annotation.
                        return;
                    }
                    let Some(left) = parent.child_by_field_name("left") else {
                        return;
                    };
                    match left.kind() {
                        "identifier" if !in_container => {
                            // `c = conn`: follow the alias.
                            let alias = self.file.text_of(left);
                            if alias != name && depth < 3 {
                                let s = &self.file.scopes[scope as usize];
                                if s.declared_global.contains(alias)
                                    || s.declared_nonlocal.contains(alias)
                                {
                                    fate.escape.get_or_insert((Escape::Global, left));
                                    return;
                                }
                                let f = self.fate(scope, alias, depth + 1);
                                merge_fate(fate, f);
                            }
                        }
                        "identifier" => {
                            fate.escape.get_or_insert((Escape::Stored, parent));
                        }
                        // Ex) a decorator's `kwargs["conn"] = conn; f(*args, **kwargs)`: the
                        //     call's own keyword dict lends it to the wrapped function
                        "subscript" if !in_container && self.is_kwargs_item(scope, left) => {}
                        _ => {
                            fate.escape.get_or_insert((Escape::Stored, left));
                        }
                    }
                    return;
                }
                "as_pattern" | "with_item" => {
                    let item = if parent.kind() == "with_item" {
                        Some(parent)
                    } else {
                        parent.parent()
                    };
                    if let Some(item) = item {
                        if self.with_closes_local(scope, name) {
                            fate.guarded.get_or_insert(item);
                        } else {
                            fate.transaction_with.get_or_insert(item);
                        }
                    }
                    return;
                }
                _ => {
                    if in_container {
                        fate.escape.get_or_insert((Escape::Stored, parent));
                    }
                    return;
                }
            }
        }
    }

    /// Whether `target` (`c[k]` of `c[k] = value`) stores into a container
    /// that the function built itself (`c = []`, `c = {}`, `c = dict()`) and
    /// never reads: every other mention of `c` is another `c = ...` or
    /// `c[...] = ...`, none in a nested function, and `c` is neither a
    /// parameter nor global. Anything else (returned, iterated, passed on,
    /// `self.c`) is a hand-off, as before.
    fn is_unread_container(&self, scope: u32, target: Node<'_>) -> bool {
        let s = &self.file.scopes[scope as usize];
        if !matches!(s.kind, ScopeKind::Function) {
            return false;
        }
        let Some(object) = target
            .child_by_field_name("value")
            .filter(|o| o.kind() == "identifier")
        else {
            return false;
        };
        let name = self.file.text_of(object);
        if s.declared_global.contains(name) || s.declared_nonlocal.contains(name) {
            return false;
        }
        let fresh = |v: Node<'_>| match v.kind() {
            "list" | "dictionary" | "set" => true,
            "call" => {
                v.child_by_field_name("arguments")
                    .is_some_and(|a| a.named_child_count() == 0)
                    && v.child_by_field_name("function")
                        .is_some_and(|f| matches!(self.file.text_of(f), "dict" | "list" | "set"))
            }
            _ => false,
        };
        let Some(bindings) = s.bindings.get(name) else {
            return false;
        };
        if !bindings
            .iter()
            .all(|b| matches!(b, Binding::Value(v) if fresh(*v)))
        {
            return false;
        }
        let Some(idents) = self.file.scope_idents(scope) else {
            return false;
        };
        idents
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .all(|&(start, end, nested)| {
                let Some(node) = self.file.identifier_at(start, end) else {
                    return false;
                };
                if nested {
                    return false;
                }
                let Some(parent) = node.parent() else {
                    return false;
                };
                let is_left = |assign: Node<'_>, n: Node<'_>| {
                    assign.kind() == "assignment"
                        && assign
                            .child_by_field_name("left")
                            .is_some_and(|l| l.id() == n.id())
                };
                match parent.kind() {
                    "assignment" => is_left(parent, node),
                    "subscript" => {
                        parent
                            .child_by_field_name("value")
                            .is_some_and(|v| v.id() == node.id())
                            && parent.parent().is_some_and(|a| is_left(a, parent))
                    }
                    _ => false,
                }
            })
    }

    /// Whether `target` is `kwargs[...]` on the function's own `**kwargs`.
    fn is_kwargs_item(&self, scope: u32, target: Node<'_>) -> bool {
        let Some(object) = target
            .child_by_field_name("value")
            .filter(|o| o.kind() == "identifier")
        else {
            return false;
        };
        let name = self.file.text_of(object);
        let Some(params) = self.file.scopes[scope as usize]
            .node
            .child_by_field_name("parameters")
        else {
            return false;
        };
        let mut cursor = params.walk();
        params.named_children(&mut cursor).any(|p| {
            p.kind() == "dictionary_splat_pattern"
                && p.named_child(0)
                    .is_some_and(|n| self.file.text_of(n) == name)
        })
    }

    /// Whether `with name:` closes the resource held by `name`.
    fn with_closes_local(&self, scope: u32, name: &str) -> bool {
        let sym = self.file.resolve_name(scope, name);
        match self.ev().eval(&sym, &self.file.env(scope)) {
            Val::Resource(r, _) => self.catalog.resource(r.def).with == WithSemantics::Closes,
            _ => false,
        }
    }

    pub(crate) fn is_release_method(&self, method: &str) -> bool {
        self.catalog
            .resources
            .iter()
            .any(|r| r.release.iter().any(|m| m == method))
    }

    /// Whether a callee is known to keep an argument beyond the call.
    /// `wr = FileWrapper(f)` and `wr` never read again: the object that
    /// keeps the argument is dropped at once, and the argument with it.
    fn bound_and_dropped(&self, scope: u32, call: Node<'_>) -> bool {
        let Some(assign) = call.parent().filter(|p| p.kind() == "assignment") else {
            return false;
        };
        let Some(target) = assign
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")
        else {
            return false;
        };
        let name = self.file.text_of(target);
        let s = &self.file.scopes[scope as usize];
        if s.kind != ScopeKind::Function
            || s.declared_global.contains(name)
            || s.declared_nonlocal.contains(name)
        {
            return false;
        }
        self.file
            .scope_idents(scope)
            .and_then(|idents| idents.by_name.get(name))
            .is_some_and(|uses| uses.len() == 1)
    }

    fn keeps_argument(
        &self,
        scope: u32,
        call: Node<'_>,
        index: Option<u32>,
        kw: Option<&str>,
    ) -> bool {
        match self.callee_value(scope, call) {
            Val::Catalog(CatalogItem::Owner, _) => true,
            // Ex) `os.fdopen(fd)`: the file object takes the descriptor over
            Val::Catalog(CatalogItem::Acquire(id), _) => {
                let def = self.catalog.acquire(id);
                match (index, kw) {
                    (Some(i), _) => def.takes == Some(i),
                    (None, Some(k)) => def.takes_keyword.as_deref() == Some(k),
                    _ => false,
                }
            }
            Val::Function { qualname, bound } => {
                let Some(summary) = self.project.function(&qualname) else {
                    return false;
                };
                let param = match (index, kw) {
                    (Some(i), _) => Some(i + u32::from(bound)),
                    (None, Some(k)) => summary
                        .params
                        .iter()
                        .position(|p| &**p == k)
                        .map(|p| p as u32),
                    _ => None,
                };
                param.is_some_and(|p| summary.escapes.contains(&p))
            }
            Val::Class(c) => {
                let init = format!("{c}.__init__");
                let Some(summary) = self.project.function(&init) else {
                    return false;
                };
                let param = match (index, kw) {
                    (Some(i), _) => Some(i + 1),
                    (None, Some(k)) => summary
                        .params
                        .iter()
                        .position(|p| &**p == k)
                        .map(|p| p as u32),
                    _ => None,
                };
                // Ex) `Bot(pcr_db=db)` into `def __init__(self, **kwargs)` that keeps `kwargs.pop("pcr_db")`
                let gathered = param.is_none()
                    && kw.is_some_and(|k| {
                        summary
                            .kwargs_kept
                            .iter()
                            .any(|x| &**x == k || &**x == "**")
                    });
                gathered || param.is_some_and(|p| summary.escapes.contains(&p))
            }
            _ => false,
        }
    }
}

fn merge_fate<'t>(into: &mut Fate<'t>, other: Fate<'t>) {
    if into.escape.is_none() {
        into.escape = other.escape;
    }
    if into.guarded.is_none() {
        into.guarded = other.guarded;
    }
    if into.transaction_with.is_none() {
        into.transaction_with = other.transaction_with;
    }
    into.releases.extend(other.releases);
}

/// The positional index of `arg` in an argument list, if it is positional.
fn positional_index(args: Node<'_>, arg: Node<'_>) -> Option<u32> {
    let mut cursor = args.walk();
    let mut i = 0;
    for c in args.named_children(&mut cursor) {
        match c.kind() {
            "keyword_argument" | "dictionary_splat" | "comment" => continue,
            "list_splat" => return None,
            _ => {}
        }
        if c.id() == arg.id() {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// For `a, b = x, connect()`, the target that receives `value`.
fn unpacked_target<'t>(assignment: Node<'t>, value: Node<'t>) -> Option<Node<'t>> {
    let left = assignment.child_by_field_name("left")?;
    let right = assignment.child_by_field_name("right")?;
    if !matches!(left.kind(), "pattern_list" | "tuple_pattern")
        || !matches!(right.kind(), "expression_list" | "tuple")
    {
        return None;
    }
    // Comments are named children too: `a, b = (  # primary, replica`.
    let mut cursor = right.walk();
    let index = right
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .position(|c| c.start_byte() <= value.start_byte() && value.end_byte() <= c.end_byte())?;
    let mut c2 = left.walk();
    let target = left
        .named_children(&mut c2)
        .filter(|c| c.kind() != "comment")
        .nth(index)?;
    (target.kind() == "identifier").then_some(target)
}
