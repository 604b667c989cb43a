//! Project summaries for Rust: declared types across files (aliases, struct
//! fields, statics, return types), handlers and what is reachable from them,
//! and per-function behaviour found by the scan (acquires from a parameter,
//! blocks the thread, returns a fresh connection or a new pool), closed
//! transitively over calls by name.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalog::rust::{RustCatalog, TypeClass};
use crate::lang::rust::facts::{FnSig, RsFileFacts};
use crate::lang::rust::names::TypeRef;

/// What a declared type is to connlint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    Pool(usize),
    Guard(usize),
    Connection,
    Config(usize),
    /// A project struct, by name.
    Struct(String),
    /// A static's cell (`OnceCell<PgPool>`): `get()` gives the inner class.
    Cell(Box<Class>),
}

/// Behaviour of one function, from the scan of its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FnBehaviour {
    /// Parameters (by index) it checks out a connection from.
    pub acquires_params: Vec<usize>,
    /// Static pools it checks out from (`POOL`).
    pub acquires_statics: Vec<String>,
    /// Blocks the thread on a sync checkout or connect, outside any off-load.
    pub blocking: Option<String>,
    /// Returns a freshly connected direct connection.
    pub connector: bool,
    /// Returns a newly built pool.
    pub pool_factory: bool,
    /// Project functions it calls (keys), with the pool keys of their arguments.
    pub calls: Vec<CallSite>,
}

/// A call of a project function, as the summaries see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSite {
    pub callee: String,
    /// For each argument, the parameter of the caller it passes (if any).
    pub arg_params: Vec<Option<usize>>,
    /// Made in sync context, not off-loaded (so a blocking callee blocks the caller).
    pub sync_context: bool,
}

#[derive(Debug, Default)]
pub struct RsProject {
    aliases: HashMap<String, TypeRef>,
    structs: HashMap<String, Vec<(String, TypeRef)>>,
    statics: HashMap<String, TypeRef>,
    fns: HashMap<String, FnSig>,
    /// Last segments of function keys → keys.
    by_name: HashMap<String, Vec<String>>,
    handler_names: HashSet<String>,
    middleware_names: HashSet<String>,
    pub behaviour: HashMap<String, FnBehaviour>,
    /// Function keys that run per request: handlers, middleware and what they call.
    reachable: HashSet<String>,
}

fn last(s: &str) -> &str {
    s.rsplit("::").next().unwrap_or(s)
}

impl RsProject {
    /// The types and signatures of every file read.
    #[must_use]
    pub fn build(facts: &[RsFileFacts]) -> RsProject {
        let mut p = RsProject::default();
        for f in facts {
            for (n, t) in &f.aliases {
                p.aliases.entry(n.clone()).or_insert_with(|| t.clone());
            }
            for (n, fields) in &f.structs {
                p.structs.entry(n.clone()).or_insert_with(|| fields.clone());
            }
            for (n, t) in &f.statics {
                p.statics.entry(n.clone()).or_insert_with(|| t.clone());
            }
            for s in &f.functions {
                p.by_name
                    .entry(last(&s.key).to_owned())
                    .or_default()
                    .push(s.key.clone());
                p.fns.entry(s.key.clone()).or_insert_with(|| s.clone());
            }
            p.handler_names.extend(f.handler_refs.iter().cloned());
            p.middleware_names.extend(f.middleware_refs.iter().cloned());
        }
        for v in p.by_name.values_mut() {
            v.sort();
            v.dedup();
        }
        p
    }

    /// Names worth a second look by the prefilter: aliases, structs and
    /// functions that involve a catalogued type.
    #[must_use]
    pub fn relevant_names(&self, catalog: &RustCatalog) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (n, t) in &self.aliases {
            if self.classify(catalog, t).is_some() {
                out.push(n.clone());
            }
        }
        for (n, fields) in &self.structs {
            if fields
                .iter()
                .any(|(_, t)| self.classify(catalog, t).is_some())
            {
                out.push(n.clone());
            }
        }
        for (n, t) in &self.statics {
            if self.classify(catalog, t).is_some() {
                out.push(n.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    pub fn fn_sig(&self, key: &str) -> Option<&FnSig> {
        self.fns.get(key)
    }

    /// Resolves a call's written key (`helper`, `Self::helper` as `Type::helper`) to a function.
    #[must_use]
    pub fn resolve_fn(&self, key: &str) -> Option<&FnSig> {
        if let Some(s) = self.fns.get(key) {
            return Some(s);
        }
        if key.contains("::") {
            return None;
        }
        let keys = self.by_name.get(key)?;
        // A free function of that name.
        keys.iter()
            .find(|k| !k.contains("::"))
            .and_then(|k| self.fns.get(k))
    }

    /// What a declared type is, through wrappers, aliases and the catalog.
    #[must_use]
    pub fn classify(&self, catalog: &RustCatalog, t: &TypeRef) -> Option<Class> {
        self.classify_depth(catalog, t, 0)
    }

    fn classify_depth(&self, catalog: &RustCatalog, t: &TypeRef, depth: u32) -> Option<Class> {
        if depth > 16 {
            return None;
        }
        let inner = |i: usize| {
            t.args
                .get(i)
                .and_then(|a| self.classify_depth(catalog, a, depth + 1))
        };
        let from_catalog = |c: TypeClass| -> Option<Class> {
            match c {
                TypeClass::Pool(p) => Some(Class::Pool(p)),
                TypeClass::Guard(p) => Some(Class::Guard(p)),
                TypeClass::Connection => Some(Class::Connection),
                TypeClass::Config(p) => Some(Class::Config(p)),
                TypeClass::Wrapper => inner(0),
                TypeClass::Cell => {
                    let name = last(&t.path);
                    if name == "Lazy" || name == "LazyLock" {
                        inner(0)
                    } else {
                        inner(0).map(|c| Class::Cell(Box::new(c)))
                    }
                }
            }
        };
        if let Some(c) = catalog.type_class(&t.path) {
            return from_catalog(c);
        }
        let name = last(&t.path);
        if matches!(name, "Result" | "Option") && !t.args.is_empty() {
            return inner(0);
        }
        if t.is_local() {
            if let Some(a) = self.aliases.get(name) {
                if a.path != t.path || a.args != t.args {
                    // An alias with its own arguments, e.g. `type Pool = bb8::Pool<M>`.
                    return self.classify_depth(catalog, a, depth + 1);
                }
            }
            if self.structs.contains_key(name) {
                return Some(Class::Struct(name.to_owned()));
            }
            if let Some(full) = catalog.distinctive(name) {
                if let Some(c) = catalog.type_class(full) {
                    return from_catalog(c);
                }
            }
        }
        None
    }

    /// The class of a struct's field.
    #[must_use]
    pub fn field_class(&self, catalog: &RustCatalog, strukt: &str, field: &str) -> Option<Class> {
        let fields = self.structs.get(strukt)?;
        let (_, t) = fields.iter().find(|(n, _)| n == field)?;
        self.classify(catalog, t)
    }

    /// The class of a field by its name alone: only when every project struct
    /// declaring a field of that name gives it the same class.
    #[must_use]
    pub fn field_class_by_name(&self, catalog: &RustCatalog, field: &str) -> Option<Class> {
        let mut found: Option<Class> = None;
        for fields in self.structs.values() {
            for (n, t) in fields {
                if n == field {
                    let c = self.classify(catalog, t)?;
                    match &found {
                        Some(f) if *f != c => return None,
                        _ => found = Some(c),
                    }
                }
            }
        }
        found
    }

    /// The class of a static.
    #[must_use]
    pub fn static_class(&self, catalog: &RustCatalog, name: &str) -> Option<Class> {
        self.statics.get(name).and_then(|t| self.classify(catalog, t))
    }

    /// Whether a function is registered as a handler or middleware (by its last name).
    #[must_use]
    pub fn is_registered_handler(&self, key: &str) -> bool {
        let n = last(key);
        self.handler_names.contains(n) || self.middleware_names.contains(n)
    }

    #[must_use]
    pub fn is_middleware(&self, key: &str) -> bool {
        self.middleware_names.contains(last(key))
    }

    /// Whether a function runs per request: a handler, middleware, or called from one.
    #[must_use]
    pub fn is_reachable(&self, key: &str) -> bool {
        self.reachable.contains(key)
    }

    /// Whether the function is an off-load wrapper (`fn run<F>(f: F) { spawn_blocking(f) }`).
    #[must_use]
    pub fn is_offload_wrapper(&self, key: &str) -> bool {
        self.resolve_fn(key).is_some_and(|s| s.offload_wrapper)
    }

    /// Adds the behaviour found by the scans and closes it over calls.
    pub fn summarise(&mut self, behaviour: Vec<(String, FnBehaviour)>) {
        let mut merged: BTreeMap<String, FnBehaviour> = BTreeMap::new();
        for (k, b) in behaviour {
            let e = merged.entry(k).or_default();
            e.acquires_params.extend(b.acquires_params);
            e.acquires_statics.extend(b.acquires_statics);
            if e.blocking.is_none() {
                e.blocking = b.blocking;
            }
            e.connector |= b.connector;
            e.pool_factory |= b.pool_factory;
            e.calls.extend(b.calls);
        }
        // Transitive closure, bounded.
        for _ in 0..16 {
            let mut changed = false;
            let snapshot = merged.clone();
            for (k, b) in &mut merged {
                for c in &b.calls.clone() {
                    let Some(callee) = self.resolve_key(&c.callee) else {
                        continue;
                    };
                    if &callee == k {
                        continue;
                    }
                    let Some(cb) = snapshot.get(&callee) else {
                        continue;
                    };
                    if c.sync_context && b.blocking.is_none() {
                        if let Some(why) = &cb.blocking {
                            b.blocking = Some(format!("{} (through `{}`)", why, last(&callee)));
                            changed = true;
                        }
                    }
                    for &pi in &cb.acquires_params {
                        if let Some(Some(mine)) = c.arg_params.get(pi) {
                            if !b.acquires_params.contains(mine) {
                                b.acquires_params.push(*mine);
                                changed = true;
                            }
                        }
                    }
                    for s in &cb.acquires_statics {
                        if !b.acquires_statics.contains(s) {
                            b.acquires_statics.push(s.clone());
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for b in merged.values_mut() {
            b.acquires_params.sort_unstable();
            b.acquires_params.dedup();
            b.acquires_statics.sort();
            b.acquires_statics.dedup();
        }
        // Reachability from handlers and middleware.
        let mut work: Vec<String> = self
            .fns
            .values()
            .filter(|s| !s.is_test && !s.is_main && (s.is_handler || self.is_registered_handler(&s.key)))
            .map(|s| s.key.clone())
            .collect();
        work.sort();
        let mut seen: HashSet<String> = work.iter().cloned().collect();
        while let Some(k) = work.pop() {
            if let Some(b) = merged.get(&k) {
                for c in &b.calls {
                    if let Some(callee) = self.resolve_key(&c.callee) {
                        if self.fns.get(&callee).is_some_and(|s| !s.is_test && !s.is_main)
                            && seen.insert(callee.clone())
                        {
                            work.push(callee);
                        }
                    }
                }
            }
        }
        self.reachable = seen;
        self.behaviour = merged.into_iter().collect();
    }

    fn resolve_key(&self, key: &str) -> Option<String> {
        self.resolve_fn(key).map(|s| s.key.clone())
    }

    /// The behaviour of a called function.
    #[must_use]
    pub fn behaviour_of(&self, key: &str) -> Option<&FnBehaviour> {
        let k = self.resolve_fn(key)?.key.clone();
        self.behaviour.get(&k)
    }
}

impl RsProject {
    /// A project type alias by name.
    #[must_use]
    pub fn alias(&self, name: &str) -> Option<&TypeRef> {
        self.aliases.get(name)
    }
}
