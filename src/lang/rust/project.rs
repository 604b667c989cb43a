//! Project summaries for Rust: declared types across files (aliases, struct
//! fields, statics, return types), handlers and what is reachable from them,
//! and per-function behaviour found by the scan (acquires from a parameter,
//! blocks the thread, returns a fresh connection or a new pool), closed
//! transitively over calls by name.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalog::rust::{RustCatalog, TypeClass};
pub use crate::lang::rust::facts::{CrateId, FileId};
use crate::lang::rust::facts::{FnSig, RsFileFacts};
use crate::lang::rust::names::TypeRef;

/// What a declared type is to connlint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    Pool(usize),
    Guard(usize),
    /// A transaction: a guard that ends in `commit()`/`rollback()`.
    Transaction(usize),
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
    /// An async function awaits something other than a lock or a project
    /// function (I/O, a timer, a channel, an external call).
    pub nonlocal_await: bool,
    /// Project functions it awaits: keys, or `.method` for a method called
    /// on something else than `self`.
    pub awaited: Vec<String>,
    /// It awaits a lock or a file-system lookup of this process.
    pub local_await: bool,
    /// Async, awaits something, and every await in it is a lock, a file-system
    /// lookup or a local project function (set by the summaries): awaiting it
    /// waits on nothing outside the process.
    pub local: bool,
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

/// A struct's fields: (name, declared type); tuple fields are `0`, `1`, ...
pub type Fields = Vec<(String, TypeRef)>;

/// A function: its crate, its file and its key (`name` or `Type::name`).
pub type FnId = (CrateId, FileId, String);

#[derive(Debug, Default)]
pub struct RsProject {
    aliases: BTreeMap<String, Vec<(CrateId, FileId, TypeRef)>>,
    structs: BTreeMap<String, Vec<(CrateId, FileId, Fields)>>,
    statics: BTreeMap<String, Vec<(CrateId, FileId, TypeRef)>>,
    fns: BTreeMap<String, Vec<(CrateId, FnSig)>>,
    /// Last segments of function keys → keys.
    by_name: BTreeMap<String, Vec<FnId>>,
    handler_names: HashSet<String>,
    middleware_names: HashSet<String>,
    behaviour: HashMap<FnId, FnBehaviour>,
    /// Functions that run per request: handlers, middleware and what they call.
    reachable: HashSet<FnId>,
    /// Each crate's name (`[package] name`, `-` read as `_`) and the project
    /// crates it depends on, by crate id. Empty when no `Cargo.toml` is known.
    crates: Vec<CrateInfo>,
}

/// A crate of the project as its `Cargo.toml` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateInfo {
    /// The name code uses for it (`rust_file_server`), if known.
    pub name: Option<String>,
    /// The names of its dependencies (`[dependencies]`, `[dev-dependencies]`).
    pub deps: Vec<String>,
}

/// Crates whose paths never name a project item (`std::sync::Arc`, `tokio::sync::Mutex`).
const EXTERNAL_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "tokio",
    "axum",
    "actix_web",
    "actix_rt",
    "rocket",
    "poem",
    "warp",
    "hyper",
    "tower",
    "serde",
    "futures",
    "futures_util",
    "reqwest",
    "redis",
    "mobc",
    "anyhow",
    "thiserror",
    "tracing",
    "chrono",
    "uuid",
    "time",
    "once_cell",
    "parking_lot",
    "async_std",
];

fn last(s: &str) -> &str {
    s.rsplit("::").next().unwrap_or(s)
}

/// The entry of this file, else of this crate, else the only one (or several
/// that agree) among the crates `visible` allows.
fn pick<T: PartialEq>(
    entries: &[(CrateId, FileId, T)],
    krate: CrateId,
    file: FileId,
    visible: impl Fn(CrateId) -> bool,
) -> Option<&T> {
    if let Some((_, _, v)) = entries.iter().find(|(k, f, _)| *k == krate && *f == file) {
        return Some(v);
    }
    if let Some((_, _, v)) = entries.iter().find(|(k, _, _)| *k == krate) {
        return Some(v);
    }
    let mut others = entries.iter().filter(|(k, _, _)| visible(*k));
    let first = &others.next()?.2;
    others.all(|(_, _, v)| v == first).then_some(first)
}

impl RsProject {
    /// The types and signatures of every file read.
    #[must_use]
    pub fn build<'a>(facts: impl IntoIterator<Item = &'a RsFileFacts>) -> RsProject {
        let mut p = RsProject::default();
        for f in facts {
            let (k, file) = (f.krate, f.file);
            let push = |map: &mut BTreeMap<String, Vec<(CrateId, FileId, TypeRef)>>,
                        n: &String,
                        t: &TypeRef| {
                map.entry(n.clone()).or_default().push((k, file, t.clone()));
            };
            for (n, t) in &f.aliases {
                push(&mut p.aliases, n, t);
            }
            for (n, t) in &f.statics {
                push(&mut p.statics, n, t);
            }
            for (n, fields) in &f.structs {
                p.structs
                    .entry(n.clone())
                    .or_default()
                    .push((k, file, fields.clone()));
            }
            for s in &f.functions {
                let e = p.fns.entry(s.key.clone()).or_default();
                if !e.iter().any(|(c, x)| *c == k && x.file == s.file) {
                    e.push((k, s.clone()));
                    p.by_name.entry(last(&s.key).to_owned()).or_default().push((
                        k,
                        s.file,
                        s.key.clone(),
                    ));
                }
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

    /// What each crate's `Cargo.toml` says (its name and dependencies).
    pub fn set_crates(&mut self, crates: Vec<CrateInfo>) {
        self.crates = crates;
    }

    /// The project as seen from one crate: its own names first.
    #[must_use]
    pub fn scoped(&self, krate: CrateId) -> Scoped<'_> {
        Scoped {
            p: self,
            krate,
            file: FileId::MAX,
        }
    }

    /// The project as seen from one file: its own functions, then its crate's, first.
    #[must_use]
    pub fn scoped_in(&self, krate: CrateId, file: FileId) -> Scoped<'_> {
        Scoped {
            p: self,
            krate,
            file,
        }
    }

    /// Names worth a second look by the prefilter: aliases, structs and
    /// statics that involve a catalogued pool, guard or connection type.
    #[must_use]
    pub fn relevant_names(&self, catalog: &RustCatalog) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (n, v) in &self.aliases {
            if v.iter()
                .any(|(k, f, t)| self.scoped_in(*k, *f).names_db_type(catalog, t))
            {
                out.push(n.clone());
            }
        }
        for (n, v) in &self.structs {
            if v.iter().any(|(k, f, fields)| {
                fields
                    .iter()
                    .any(|(_, t)| self.scoped_in(*k, *f).names_db_type(catalog, t))
            }) {
                out.push(n.clone());
            }
        }
        for (n, v) in &self.statics {
            if v.iter()
                .any(|(k, f, t)| self.scoped_in(*k, *f).names_db_type(catalog, t))
            {
                out.push(n.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The signature of a function by id.
    fn sig(&self, id: &FnId) -> Option<&FnSig> {
        self.fns
            .get(&id.2)?
            .iter()
            .find(|(c, s)| *c == id.0 && s.file == id.1)
            .map(|(_, s)| s)
    }

    /// Adds the behaviour found by the scans and closes it over calls.
    pub fn summarise(&mut self, behaviour: Vec<(CrateId, FileId, String, FnBehaviour)>) {
        let mut merged: BTreeMap<FnId, FnBehaviour> = BTreeMap::new();
        for (krate, file, k, b) in behaviour {
            let e = merged.entry((krate, file, k)).or_default();
            e.acquires_params.extend(b.acquires_params);
            e.acquires_statics.extend(b.acquires_statics);
            if e.blocking.is_none() {
                e.blocking = b.blocking;
            }
            e.connector |= b.connector;
            e.pool_factory |= b.pool_factory;
            e.calls.extend(b.calls);
            e.nonlocal_await |= b.nonlocal_await;
            e.awaited.extend(b.awaited);
            e.local_await |= b.local_await;
            e.local = b.local;
        }
        // Transitive closure, bounded.
        for _ in 0..16 {
            let mut changed = false;
            let snapshot = merged.clone();
            for ((krate, file, k), b) in &mut merged {
                for c in &b.calls.clone() {
                    let Some(callee) = self.scoped_in(*krate, *file).resolve_key(&c.callee) else {
                        continue;
                    };
                    if callee.0 == *krate && callee.1 == *file && &callee.2 == k {
                        continue;
                    }
                    let Some(cb) = snapshot.get(&callee) else {
                        continue;
                    };
                    if c.sync_context && b.blocking.is_none() {
                        if let Some(why) = &cb.blocking {
                            b.blocking = Some(format!("{why} through `{}`", last(&callee.2)));
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
        let mut work: Vec<FnId> = self
            .fns
            .values()
            .flatten()
            .filter(|(_, s)| {
                !s.is_test
                    && !s.is_main
                    && (s.is_handler
                        || self.handler_names.contains(last(&s.key))
                        || self.middleware_names.contains(last(&s.key)))
            })
            .map(|(k, s)| (*k, s.file, s.key.clone()))
            .collect();
        work.sort();
        let mut seen: HashSet<FnId> = work.iter().cloned().collect();
        while let Some(k) = work.pop() {
            if let Some(b) = merged.get(&k) {
                for c in &b.calls {
                    if let Some(callee) = self.scoped_in(k.0, k.1).resolve_key(&c.callee) {
                        let runs = self.sig(&callee).is_some_and(|s| !s.is_test && !s.is_main);
                        if runs && seen.insert(callee.clone()) {
                            work.push(callee);
                        }
                    }
                }
            }
        }
        self.reachable = seen;
        self.mark_local(&mut merged);
        self.behaviour = merged.into_iter().collect();
    }
}

impl RsProject {
    /// Which async functions wait on nothing outside the process: the
    /// greatest set whose awaits are locks or functions of the set.
    fn mark_local(&self, merged: &mut BTreeMap<FnId, FnBehaviour>) {
        let is_async = |id: &FnId| self.sig(id).is_some_and(|s| s.is_async);
        let mut local: HashSet<FnId> = merged
            .iter()
            // An async function that awaits nothing at all is a stub or a
            // placeholder (`async fn notify(..) {}`): not known to be local.
            .filter(|(id, b)| {
                is_async(id) && !b.nonlocal_await && (b.local_await || !b.awaited.is_empty())
            })
            .map(|(id, _)| id.clone())
            .collect();
        for _ in 0..16 {
            let before = local.len();
            let snapshot = local.clone();
            local.retain(|id| {
                merged[id].awaited.iter().all(|callee| {
                    if let Some(method) = callee.strip_prefix('.') {
                        // Every project method of that name is local.
                        let ids = self.by_name.get(method);
                        ids.is_some_and(|ids| {
                            !ids.is_empty()
                                && ids
                                    .iter()
                                    .all(|c| c.2.contains("::") && snapshot.contains(c))
                        })
                    } else {
                        self.scoped_in(id.0, id.1)
                            .resolve_key(callee)
                            .is_some_and(|c| snapshot.contains(&c))
                    }
                })
            });
            if local.len() == before {
                break;
            }
        }
        for (id, b) in merged.iter_mut() {
            b.local = local.contains(id);
        }
    }
}

/// The project seen from one crate.
#[derive(Debug, Clone, Copy)]
pub struct Scoped<'p> {
    p: &'p RsProject,
    pub krate: CrateId,
    pub file: FileId,
}

impl<'p> Scoped<'p> {
    /// Whether this crate can name items of crate `k`: itself, or a project
    /// crate it depends on. With no `Cargo.toml` information, every crate.
    fn sees(&self, k: CrateId) -> bool {
        if k == self.krate {
            return true;
        }
        let (Some(me), Some(other)) = (
            self.p.crates.get(self.krate as usize),
            self.p.crates.get(k as usize),
        ) else {
            return true;
        };
        match (&me.name, &other.name) {
            (Some(_), Some(name)) => me.deps.iter().any(|d| d == name),
            _ => true,
        }
    }

    /// The project crate a path's first segment names (`storage` of
    /// `storage::DbPool`), other than this one.
    fn named_crate(&self, first: &str) -> Option<CrateId> {
        if first == "crate" || first == "self" || first == "super" {
            return Some(self.krate);
        }
        self.p
            .crates
            .iter()
            .position(|c| c.name.as_deref() == Some(first))
            .map(|i| i as CrateId)
    }

    /// Of several candidates, the one in this file, else in this crate, else the first.
    fn prefer<'a, T>(&self, candidates: &[(CrateId, FileId, &'a T)]) -> Option<&'a T> {
        candidates
            .iter()
            .find(|(c, f, _)| *c == self.krate && *f == self.file)
            .or_else(|| candidates.iter().find(|(c, _, _)| *c == self.krate))
            .or_else(|| candidates.iter().find(|(c, _, _)| self.sees(*c)))
            .map(|(_, _, t)| *t)
    }

    /// A function by its exact key.
    #[must_use]
    pub fn fn_sig(&self, key: &str) -> Option<&'p FnSig> {
        let v = self.p.fns.get(key)?;
        self.prefer(&v.iter().map(|(c, s)| (*c, s.file, s)).collect::<Vec<_>>())
    }

    /// Resolves a call's key (`helper`, `Type::helper`) to a function.
    fn resolve_key(&self, key: &str) -> Option<FnId> {
        if let Some(s) = self.fn_sig(key) {
            let krate = self
                .p
                .fns
                .get(key)?
                .iter()
                .find(|(_, x)| std::ptr::eq(x, s))?
                .0;
            return Some((krate, s.file, s.key.clone()));
        }
        if key.contains("::") {
            return None;
        }
        let keys = self.p.by_name.get(key)?;
        let free = keys.iter().filter(|(_, _, k)| !k.contains("::"));
        self.prefer(&free.map(|id| (id.0, id.1, id)).collect::<Vec<_>>())
            .cloned()
    }

    /// Resolves a call's written key to a function's signature.
    #[must_use]
    pub fn resolve_fn(&self, key: &str) -> Option<&'p FnSig> {
        let id = self.resolve_key(key)?;
        self.p.sig(&id)
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
                TypeClass::Transaction(p) => Some(Class::Transaction(p)),
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
        let first = t.path.split("::").next().unwrap_or("");
        let project_path =
            t.is_local() || !catalog.knows_crate(first) && !EXTERNAL_ROOTS.contains(&first);
        if project_path {
            // A type the project declared in `[[catalog.rust.pool]]`.
            if let Some(c) = catalog.declared(name) {
                return from_catalog(c);
            }
            // `storage::DbPool` with `storage` a crate of the project: its alias.
            if let Some(c) = t
                .path
                .contains("::")
                .then(|| self.named_crate(first))
                .flatten()
                .filter(|c| *c != self.krate)
            {
                let a = self
                    .p
                    .aliases
                    .get(name)
                    .and_then(|v| v.iter().find(|(k, _, _)| *k == c))
                    .map(|(_, _, a)| a.clone());
                if let Some(a) = a {
                    let there = Scoped {
                        p: self.p,
                        krate: c,
                        file: FileId::MAX,
                    };
                    return there.classify_depth(catalog, &a, depth + 1);
                }
            }
            // The nearest declaration wins: this file, then this crate, then
            // a crate it depends on (only when all of those agree); a struct
            // before an alias at the same distance. Crates it does not depend
            // on (a vendored example, a sibling tool) are not seen.
            let rank = |k: CrateId, f: FileId| {
                if k == self.krate && f == self.file {
                    0
                } else if k == self.krate {
                    1
                } else if self.sees(k) {
                    2
                } else {
                    3
                }
            };
            let alias_rank = self.p.aliases.get(name).and_then(|v| {
                v.iter()
                    .map(|(k, f, _)| rank(*k, *f))
                    .filter(|r| *r < 3)
                    .min()
            });
            let struct_rank = self.p.structs.get(name).and_then(|v| {
                v.iter()
                    .map(|(k, f, _)| rank(*k, *f))
                    .filter(|r| *r < 3)
                    .min()
            });
            let alias = || {
                self.p
                    .aliases
                    .get(name)
                    .and_then(|v| pick(v, self.krate, self.file, |k| self.sees(k)))
            };
            match (struct_rank, alias_rank) {
                (Some(sr), ar)
                    if ar.is_none_or(|ar| sr <= ar)
                        && (sr < 2
                            || self
                                .p
                                .structs
                                .get(name)
                                .and_then(|v| pick(v, self.krate, self.file, |k| self.sees(k)))
                                .is_some()) =>
                {
                    return Some(Class::Struct(name.to_owned()));
                }
                (_, Some(_)) => {
                    if let Some(a) = alias() {
                        if a.path != t.path || a.args != t.args {
                            return self.classify_depth(catalog, a, depth + 1);
                        }
                    }
                }
                _ => {}
            }
            if let Some(full) = catalog.distinctive(name) {
                if let Some(c) = catalog.type_class(full) {
                    return from_catalog(c);
                }
            }
        }
        None
    }

    /// Whether a type is (or holds, through cells and struct fields) a pool, guard or connection.
    #[must_use]
    pub fn is_db_type(&self, catalog: &RustCatalog, t: &TypeRef) -> bool {
        self.classify(catalog, t)
            .is_some_and(|c| self.is_db_class(catalog, &c, 0))
    }

    /// Whether a type makes its name worth a look by the prefilter: as
    /// `is_db_type`, but a transaction does not count. A file that names a
    /// project type around one also names the driver (`sqlx::`), and driver
    /// crates' own wrappers (`struct Transaction { txn: .. }`) would otherwise
    /// make every file that says "Transaction" worth parsing.
    #[must_use]
    pub fn names_db_type(&self, catalog: &RustCatalog, t: &TypeRef) -> bool {
        self.classify(catalog, t)
            .is_some_and(|c| self.db_class(catalog, &c, 0, false))
    }

    fn is_db_class(&self, catalog: &RustCatalog, c: &Class, depth: u32) -> bool {
        self.db_class(catalog, c, depth, true)
    }

    fn db_class(&self, catalog: &RustCatalog, c: &Class, depth: u32, tx: bool) -> bool {
        match c {
            Class::Pool(_) | Class::Guard(_) | Class::Connection | Class::Config(_) => true,
            Class::Transaction(_) => tx,
            Class::Cell(inner) => self.db_class(catalog, inner, depth, tx),
            Class::Struct(s) => {
                depth < 3
                    && self.fields(s).is_some_and(|fields| {
                        fields.iter().any(|(_, t)| {
                            self.classify(catalog, t)
                                .is_some_and(|c| self.db_class(catalog, &c, depth + 1, tx))
                        })
                    })
            }
        }
    }

    fn fields(&self, strukt: &str) -> Option<&'p Fields> {
        self.p
            .structs
            .get(strukt)
            .and_then(|v| pick(v, self.krate, self.file, |k| self.sees(k)))
    }

    /// The classes of a struct's fields, in order (unclassified fields left out).
    #[must_use]
    pub fn struct_fields_classes(&self, catalog: &RustCatalog, strukt: &str) -> Vec<Class> {
        self.fields(strukt)
            .map(|fs| {
                fs.iter()
                    .filter_map(|(_, t)| self.classify(catalog, t))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The class of a struct's field.
    #[must_use]
    pub fn field_class(&self, catalog: &RustCatalog, strukt: &str, field: &str) -> Option<Class> {
        let (_, t) = self.fields(strukt)?.iter().find(|(n, _)| n == field)?;
        self.classify(catalog, t)
    }

    /// The class of a field by its name alone: only when every struct of
    /// this crate declaring a field of that name gives it the same class.
    #[must_use]
    pub fn field_class_by_name(&self, catalog: &RustCatalog, field: &str) -> Option<Class> {
        let mut found: Option<Class> = None;
        for v in self.p.structs.values() {
            for (k, _, fields) in v {
                if *k != self.krate {
                    continue;
                }
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
        }
        found
    }

    /// The class of a static.
    #[must_use]
    pub fn static_class(&self, catalog: &RustCatalog, name: &str) -> Option<Class> {
        self.p
            .statics
            .get(name)
            .and_then(|v| pick(v, self.krate, self.file, |k| self.sees(k)))
            .and_then(|t| self.classify(catalog, t))
    }

    /// A project type alias by name.
    #[must_use]
    pub fn alias(&self, name: &str) -> Option<&'p TypeRef> {
        self.p
            .aliases
            .get(name)
            .and_then(|v| pick(v, self.krate, self.file, |k| self.sees(k)))
    }

    /// Whether a function is registered as a handler or middleware (by its last name).
    #[must_use]
    pub fn is_registered_handler(&self, key: &str) -> bool {
        let n = last(key);
        self.p.handler_names.contains(n) || self.p.middleware_names.contains(n)
    }

    #[must_use]
    pub fn is_middleware(&self, key: &str) -> bool {
        self.p.middleware_names.contains(last(key))
    }

    /// Whether a function of this crate runs per request: a handler, middleware, or called from one.
    #[must_use]
    pub fn is_reachable(&self, key: &str) -> bool {
        self.p
            .reachable
            .contains(&(self.krate, self.file, key.to_owned()))
    }

    /// Whether the function is an off-load wrapper (`fn run<F>(f: F) { spawn_blocking(f) }`).
    #[must_use]
    pub fn is_offload_wrapper(&self, key: &str) -> bool {
        self.resolve_fn(key).is_some_and(|s| s.offload_wrapper)
    }

    /// Whether every project method named `method` is a local async
    /// function (see `FnBehaviour::local`).
    #[must_use]
    pub fn is_local_method(&self, method: &str) -> bool {
        self.p.by_name.get(method).is_some_and(|ids| {
            !ids.is_empty()
                && ids.iter().all(|id| {
                    id.2.contains("::") && self.p.behaviour.get(id).is_some_and(|b| b.local)
                })
        })
    }

    /// The behaviour of a called function.
    #[must_use]
    pub fn behaviour_of(&self, key: &str) -> Option<&'p FnBehaviour> {
        let k = self.resolve_key(key)?;
        self.p.behaviour.get(&k)
    }
}
