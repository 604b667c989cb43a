//! The scan's calls: checkouts, connects, pool builders, leaks of guards,
//! and calls of project functions.

use tree_sitter::Node;

#[allow(clippy::wildcard_imports)]
use super::*;

impl Scanner<'_> {
    #[allow(clippy::too_many_lines)]
    pub(super) fn call(&mut self, n: Node<'_>, b: &mut Body, f: Frame, depth: u32) {
        let Some(func) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
            return;
        };
        // `rows.try_collect::<Vec<_>>()`: the method under the turbofish.
        let func = method_of_generic(func);
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

    pub(super) fn method_call(
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
                let what = format!("`{}.{m}()`", compact(self.t(recv)));
                self.checkout(n, *pid, key, b, f, what, false);
                if let Some(i) = b.params.iter().position(|p| p == key) {
                    b.behaviour.acquires_params.push(i);
                } else if self.project.static_class(cat, key).is_some() {
                    b.behaviour.acquires_statics.push(key.clone());
                }
                // In sync code, the function blocks its callers (the
                // summaries); in async code, CL301 decides from the fact.
                if pool.sync && !f.offloaded && !awaited && !f.async_ctx {
                    let what = format!("`{}.{m}()` ({})", compact(self.t(recv)), pool.name);
                    b.behaviour.blocking.get_or_insert(what);
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
                        // `.fetch_one(pool)` with `pool: &PgPool` a parameter: the
                        // function checks out from what its callers pass.
                        if let Some(i) = b.params.iter().position(|p| *p == key) {
                            b.behaviour.acquires_params.push(i);
                        }
                        pools.push((pid, key));
                    } else if let Some(i) = b
                        .executor_params
                        .iter()
                        .find(|p| **p == self.t(strip_ref(a)))
                        .and_then(|p| b.params.iter().position(|q| q == p))
                    {
                        // `.fetch_one(executor)` with `executor: impl PgExecutor<'_>`:
                        // a checkout when the caller passes a pool.
                        b.behaviour.acquires_params.push(i);
                    }
                }
            }
            for (pid, key) in pools {
                self.checkout(n, pid, &key, b, f, format!("`{m}()` on the pool"), true);
            }
        }
        if !awaited {
            self.sync_query(n, m, &rv, b, f);
        }
        let is_guard = matches!(rv, Val::Guard(..)) || self.is_acquisition(recv, b);
        if is_guard && cat.leak_methods.contains(m) {
            self.fact(
                FactKind::GuardLeaked { detach: false },
                n,
                b,
                f,
                format!("`.{m}()`"),
            );
        }
        if is_guard && cat.detach_methods.contains(m) {
            self.fact(
                FactKind::GuardLeaked { detach: true },
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
                b.pool_cached |= cached(n, self.src);
                let kept = kept(n, self.src, cat);
                let what = format!("{} pool", pool.name);
                let timeout = methods
                    .iter()
                    .any(|x| pool.timeout_methods.iter().any(|t| t == x));
                let kind = FactKind::PoolBuilt {
                    kept,
                    deadpool: pool.deadpool,
                    wait_timeout: Some(timeout),
                };
                self.fact(kind, n, b, f, what);
            }
        }
        if let Val::Config(pid, local) = rv {
            let pool = &cat.pools[pid];
            if pool.config_build.iter().any(|x| x == m) {
                b.has_pool_built = true;
                b.pool_cached |= cached(n, self.src);
                let kept = kept(n, self.src, cat);
                let what = format!("{} pool", pool.name);
                // A configuration built here says whether it sets the wait
                // timeout; one passed in or read from a file cannot be told.
                let kind = FactKind::PoolBuilt {
                    kept,
                    deadpool: pool.deadpool,
                    wait_timeout: local.then_some(b.mentions_wait),
                };
                self.fact(kind, n, b, f, what);
            }
        }
    }

    /// A query on a guard of a synchronous pool: `conn.query_first(..)` with
    /// `conn` the guard, or diesel's `.load(conn)`.
    fn sync_query(&mut self, n: Node<'_>, m: &str, rv: &Val, b: &mut Body, f: Frame) {
        let sync_pool = |v: &Val| match v {
            Val::Guard(pid, _, _) if self.cat.pools[*pid].sync => Some(*pid),
            _ => None,
        };
        let mut pid = SYNC_QUERY_METHODS
            .contains(&m)
            .then(|| sync_pool(rv))
            .flatten();
        if pid.is_none() && DIESEL_RUN_METHODS.contains(&m) {
            if let Some(args) = n.child_by_field_id(crate::lang::rust::FIELD.arguments) {
                pid = named_children(args).find_map(|a| sync_pool(&self.eval(a, b, 0)));
            }
        }
        let Some(pid) = pid else {
            return;
        };
        let driver = self.cat.pools[pid].name.clone();
        if !f.offloaded && !f.async_ctx {
            b.behaviour
                .blocking
                .get_or_insert_with(|| format!("a `{m}()` query ({driver})"));
        }
        self.fact(FactKind::SyncQuery { driver }, n, b, f, format!("`{m}()`"));
    }

    /// A checkout from pool `key` (or a query run on the pool itself), and
    /// the last guard from the same pool still alive in the same body.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn checkout(
        &mut self,
        n: Node<'_>,
        pid: usize,
        key: &str,
        b: &Body,
        f: Frame,
        what: String,
        query: bool,
    ) {
        let held = b
            .live
            .iter()
            .rev()
            .find(|l| {
                // A guard lent by the caller (`tx: &mut Transaction<'_, Postgres>`)
                // is taken to come from this function's pool of the same kind.
                !l.ended
                    && l.body == f.body
                    && l.pool
                        .as_ref()
                        .is_some_and(|(p, k)| *p == pid && (k == key || k.is_empty() && l.borrowed))
            })
            .map(|l| Held {
                name: l.name.clone(),
                acq: l.acq,
            });
        let kind = FactKind::Checkout {
            key: key.to_owned(),
            driver: self.cat.pools[pid].name.clone(),
            sync: self.cat.pools[pid].sync && !query,
            query,
            held,
        };
        self.fact(kind, n, b, f, what);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn path_call(
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
        if let Some(pid) = cat.constructor(resolved) {
            b.has_pool_built = true;
            b.pool_cached |= cached(n, self.src);
            let kind = FactKind::PoolBuilt {
                kept: kept(n, self.src, cat),
                deadpool: cat.pools[pid].deadpool,
                wait_timeout: None,
            };
            self.fact(kind, n, b, f, format!("`{written}`"));
        }
        if let Some(k) = cat.connect(resolved) {
            b.has_connect = true;
            let sqlite = k.sqlite
                || args.is_some_and(|a| {
                    let t = self.t(a);
                    t.contains("sqlite:") || t.contains(":memory:")
                });
            let what = format!("`{written}`");
            if k.sync && !f.offloaded && !awaited && !f.async_ctx {
                b.behaviour.blocking.get_or_insert(what.clone());
            }
            let kind = FactKind::Connect {
                sqlite,
                sync: k.sync,
            };
            self.fact(kind, n, b, f, what);
        }
        let first = args.and_then(|a| named_children(a).next());
        let leak = cat.leak_functions.contains(resolved) || cat.leak_functions.contains(written);
        let detach =
            cat.detach_functions.contains(resolved) || cat.detach_functions.contains(written);
        if leak || detach {
            if let Some(a) = first {
                if matches!(self.eval(a, b, 0), Val::Guard(..)) || self.is_acquisition(a, b) {
                    self.fact(
                        FactKind::GuardLeaked { detach },
                        n,
                        b,
                        f,
                        format!("`{written}`"),
                    );
                }
            }
        }
    }

    pub(super) fn project_call(
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
        // The caller's parameter each argument passes: a pool parameter, or a
        // parameter passed on as it is (`Self::get_many(&[id], executor, redis)`).
        let arg_params: Vec<Option<usize>> = arg_keys
            .iter()
            .zip(&arg_nodes)
            .map(|(k, a)| {
                k.as_ref()
                    .and_then(|k| b.params.iter().position(|p| p == k))
                    .or_else(|| {
                        let name = self.t(strip_ref(*a));
                        b.params.iter().position(|p| p == name)
                    })
            })
            .collect();
        b.behaviour.calls.push(CallSite {
            callee: key.to_owned(),
            arg_params,
            sync_context: !f.async_ctx && !f.offloaded,
        });
        // A guard lent to the callee (`record(&mut tx, pool)`) is the callee's to
        // report: it holds it while it takes another connection (CL305 there).
        let src = self.src;
        let lent = |name: &str| args.is_some_and(|a| mentions(a, name, src));
        let live = b
            .live
            .iter()
            .filter(|l| !l.ended && l.body == f.body && !lent(&l.name))
            .filter_map(|l| {
                // A guard lent by the caller has no pool binding here (empty key).
                l.pool
                    .as_ref()
                    .filter(|(_, k)| !k.is_empty() || l.borrowed)
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
    pub(super) fn project_key(&self, written: &str) -> Option<String> {
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
    pub(super) fn resolve_call(&self, written: &str) -> String {
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
            if let Some(
                Class::Pool(_)
                | Class::Guard(_)
                | Class::Transaction(_)
                | Class::Connection
                | Class::Config(_),
            ) = self.project.classify(self.cat, &t)
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
    pub(super) fn alias_target(&self, name: &str) -> Option<String> {
        let t = crate::lang::rust::names::TypeRef {
            path: name.to_owned(),
            args: Vec::new(),
        };
        match self.project.classify(self.cat, &t)? {
            Class::Pool(_)
            | Class::Guard(_)
            | Class::Transaction(_)
            | Class::Connection
            | Class::Config(_) => self.project_alias_path(name),
            _ => None,
        }
    }

    pub(super) fn project_alias_path(&self, name: &str) -> Option<String> {
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

    pub(super) fn project_alias(&self, name: &str) -> Option<String> {
        self.project.alias(name).map(|t| t.path.clone())
    }

    /// The pool whose builder chain `n` ends, and the methods called along it.
    pub(super) fn builder_chain(&self, n: Node<'_>) -> Option<(usize, Vec<String>)> {
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
}

/// The field expression of a turbofish method call (`x.collect::<T>` of
/// `x.collect::<T>()`); any other callee as it is.
pub(super) fn method_of_generic(func: Node<'_>) -> Node<'_> {
    if func.kind() == "generic_function" {
        if let Some(inner) = func
            .child_by_field_id(crate::lang::rust::FIELD.function)
            .filter(|i| i.kind() == "field_expression")
        {
            return inner;
        }
    }
    func
}
