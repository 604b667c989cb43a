//! Abstract values and the evaluator that turns a `Sym` into one.
//!
//! The evaluator is the single place where names meet meaning: the catalog
//! (library APIs) and the project summaries (the project's own acquirers,
//! pools and context managers). It is pure: no I/O, no mutation except the
//! lazy memo of the summary builder behind `Lookup`.

use std::sync::Arc;

use crate::catalog::{AcquireId, Catalog, CatalogItem, FactoryId, PoolId, ResourceId};
use crate::lang::python::sym::{CallHint, Sym};

/// A pool instance: its catalog definition and an identity (the global or
/// attribute that holds it, e.g. `app.db.connection_pool`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PoolRef {
    pub def: PoolId,
    pub id: Arc<str>,
    /// Whether `id` names a place (a global or attribute) rather than a constructor call.
    pub named: bool,
    pub backend: Option<Arc<str>>,
}

/// How a resource was obtained.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Via {
    /// A catalog acquirer (`psycopg2.connect`).
    Catalog(AcquireId),
    /// A pool method (`pool.getconn`).
    PoolMethod(Arc<str>),
    /// Calling a catalog factory instance (`SessionLocal()`).
    Factory(FactoryId),
    /// A project function whose summary says it returns a fresh acquisition.
    Project(Arc<str>),
    /// A type annotation or an attribute: not an acquisition.
    Borrowed,
}

/// A resource value (a connection, session, ...).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResRef {
    pub def: ResourceId,
    pub pool: Option<PoolRef>,
    pub via: Via,
    /// Opened directly by a driver (not from a pool).
    pub direct: bool,
    pub backend: Option<Arc<str>>,
    pub is_async: bool,
}

/// What an expression evaluates to, as far as connlint cares.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Val {
    #[default]
    Unknown,
    None,
    /// A module (project or library).
    Module(Arc<str>),
    /// Something outside the project and outside the catalog, by dotted path.
    External(Arc<str>),
    /// A catalog entry (`psycopg2.connect`, `contextlib.closing`, ...).
    Catalog(CatalogItem, Arc<str>),
    /// A project function; `bound` when reached through an instance (skip `self`).
    Function {
        qualname: Arc<str>,
        bound: bool,
    },
    Class(Arc<str>),
    Instance(Arc<str>),
    Pool(PoolRef),
    PoolMethod(PoolRef, Arc<str>),
    Factory(FactoryId, Arc<str>),
    /// A resource; `fresh` when this very expression acquired it.
    Resource(ResRef, bool),
    ResourceMethod(ResRef, Arc<str>),
    /// Something made from a resource (a cursor).
    Derived(ResRef),
    /// A context manager that gives this value when entered.
    Cm(Box<Val>),
    Tuple(Vec<Val>),
    Param(u32),
}

impl Val {
    /// How much a value tells, for merging the values of several assignments.
    fn rank(&self) -> u8 {
        match self {
            Val::Unknown | Val::None => 0,
            Val::Resource(_, true) => 9,
            Val::Pool(_) => 8,
            Val::Cm(inner) if inner.rank() > 0 => 7,
            Val::Resource(_, false) => 6,
            Val::Factory(..) => 5,
            Val::Derived(_) => 4,
            Val::Tuple(items) if items.iter().any(|v| v.rank() > 0) => 4,
            Val::Instance(_) | Val::Class(_) | Val::Function { .. } | Val::Catalog(..) => 3,
            Val::Module(_) | Val::PoolMethod(..) | Val::ResourceMethod(..) => 2,
            Val::External(_) | Val::Param(_) | Val::Cm(_) | Val::Tuple(_) => 1,
        }
    }

    /// The more informative of two values (the first on ties, for determinism).
    #[must_use]
    pub fn merge(self, other: Val) -> Val {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// The resource this value is or holds (a resource, or a tuple with one).
    #[must_use]
    pub fn resource(&self) -> Option<&ResRef> {
        match self {
            Val::Resource(r, _) => Some(r),
            Val::Tuple(items) => items.iter().find_map(|v| match v {
                Val::Resource(r, _) => Some(r),
                _ => None,
            }),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_fresh_resource(&self) -> bool {
        matches!(self, Val::Resource(_, true))
    }

    /// The same value, no longer fresh (it was entered by `with` or read from a place).
    #[must_use]
    pub fn settled(self) -> Val {
        match self {
            Val::Resource(r, _) => Val::Resource(r, false),
            Val::Tuple(items) => Val::Tuple(items.into_iter().map(Val::settled).collect()),
            other => other,
        }
    }
}

/// What the evaluator needs from the project summaries.
pub trait Lookup {
    /// The value of a module global or class attribute (`app.db.pool`, `app.db.Db.pool`).
    fn value(&self, key: &str) -> Option<Val>;
    /// The summary of a project function (`app.db.get_conn`, `app.db.Db.get`).
    fn function(&self, key: &str) -> Option<FunctionView>;
    fn is_class(&self, key: &str) -> bool;
    fn class_bases(&self, key: &str) -> Vec<Arc<str>>;
    fn is_module(&self, key: &str) -> bool;
    /// The full name of a module known by a shorter, unique suffix (`db` → `app.db`).
    fn module_alias(&self, name: &str) -> Option<Arc<str>>;
}

/// The part of a function summary that callers see.
#[derive(Debug, Clone, Default)]
pub struct FunctionView {
    pub returns: Val,
    /// For context-manager functions: what `with f() as x` binds.
    pub yields: Option<Val>,
    /// For other generators: what they yield (a FastAPI dependency's value).
    pub generator_yields: Option<Val>,
    pub is_async: bool,
    /// A `@classmethod`: reached through its class, its first parameter
    /// (`cls`) is still bound.
    pub is_classmethod: bool,
}

/// Where local names and parameters come from while evaluating.
pub trait Env {
    fn local(&self, scope: u32, name: &str) -> &[Sym];
    /// The annotation of parameter `index`, if any.
    fn param_annotation(&self, index: u32) -> Option<&Sym>;
    /// Modules imported with `*` by the current file.
    fn star_imports(&self) -> &[Arc<str>];
}

/// An environment with no locals (module-level values).
pub struct EmptyEnv<'a> {
    pub star_imports: &'a [Arc<str>],
}

impl Env for EmptyEnv<'_> {
    fn local(&self, _scope: u32, _name: &str) -> &[Sym] {
        &[]
    }
    fn param_annotation(&self, _index: u32) -> Option<&Sym> {
        None
    }
    fn star_imports(&self) -> &[Arc<str>] {
        self.star_imports
    }
}

const MAX_DEPTH: u32 = 40;

/// Evaluates symbolic expressions against the catalog and a `Lookup`.
pub struct Evaluator<'a, L: Lookup + ?Sized> {
    pub catalog: &'a Catalog,
    pub lookup: &'a L,
}

impl<L: Lookup + ?Sized> Evaluator<'_, L> {
    /// The value of `sym` in `env`.
    pub fn eval(&self, sym: &Sym, env: &dyn Env) -> Val {
        let mut visiting = Vec::new();
        self.eval_in(sym, env, &mut visiting, 0)
    }

    /// The value of a call and of its callee, evaluating the callee once
    /// (`eval` of both would evaluate it twice). Not a call: `(value, Unknown)`.
    pub fn eval_call(&self, sym: &Sym, env: &dyn Env) -> (Val, Val) {
        let Sym::Call(inner, hint) = sym else {
            return (self.eval(sym, env), Val::Unknown);
        };
        let mut visiting = Vec::new();
        let callee = self.eval_in(inner, env, &mut visiting, 1);
        let value = self.call(callee.clone(), hint.as_deref(), env, &mut visiting, 1);
        (value, callee)
    }

    fn eval_in(
        &self,
        sym: &Sym,
        env: &dyn Env,
        visiting: &mut Vec<(u32, Arc<str>)>,
        depth: u32,
    ) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let d = depth + 1;
        match sym {
            Sym::Global(path) => self.eval_path(path, d),
            Sym::Unresolved(name) => {
                for module in env.star_imports() {
                    let key = format!("{module}.{name}");
                    if let Some(v) = self.known(&key) {
                        return v;
                    }
                }
                self.eval_path(&format!("builtins.{name}"), d)
            }
            Sym::Local(scope, name) => {
                if visiting.iter().any(|(s, n)| s == scope && n == name) {
                    return Val::Unknown;
                }
                visiting.push((*scope, name.clone()));
                let mut val = Val::Unknown;
                for s in env.local(*scope, name) {
                    // Freshness survives: `conn = connect(); return conn` returns a fresh acquisition.
                    val = val.merge(self.eval_in(s, env, visiting, d));
                }
                visiting.pop();
                val
            }
            Sym::Param(i) => match env.param_annotation(*i) {
                Some(ann) => {
                    let ty = self.eval_in(ann, env, visiting, d);
                    self.instance_of(ty, &format!("<param {i}>"))
                }
                None => Val::Param(*i),
            },
            Sym::SelfOf(class) => Val::Instance(class.clone()),
            Sym::Attr(inner, name) => {
                let v = self.eval_in(inner, env, visiting, d);
                self.getattr(v, name, d)
            }
            Sym::Call(inner, hint) => {
                let v = self.eval_in(inner, env, visiting, d);
                self.call(v, hint.as_deref(), env, visiting, d)
            }
            Sym::Enter(inner) => {
                let v = self.eval_in(inner, env, visiting, d);
                self.enter(v, d)
            }
            Sym::Item(inner, i) => match self.eval_in(inner, env, visiting, d) {
                Val::Tuple(mut items) if (*i as usize) < items.len() => {
                    items.swap_remove(*i as usize)
                }
                _ => Val::Unknown,
            },
            Sym::Instance(inner) => {
                let ty = self.eval_in(inner, env, visiting, d);
                self.instance_of(ty, "<annotated>")
            }
            Sym::Tuple(items) => Val::Tuple(
                items
                    .iter()
                    .map(|s| self.eval_in(s, env, visiting, d))
                    .collect(),
            ),
            Sym::None => Val::None,
            Sym::Unknown => Val::Unknown,
        }
    }

    /// What a qualified name denotes, when the project or the catalog knows it exactly.
    fn known(&self, path: &str) -> Option<Val> {
        if let Some(_f) = self.lookup.function(path) {
            return Some(Val::Function {
                qualname: Arc::from(path),
                bound: false,
            });
        }
        if self.lookup.is_class(path) {
            return Some(Val::Class(Arc::from(path)));
        }
        if let Some(v) = self.lookup.value(path) {
            return Some(v);
        }
        if self.lookup.is_module(path) {
            return Some(Val::Module(Arc::from(path)));
        }
        self.catalog
            .lookup(path)
            .map(|item| Val::Catalog(item, Arc::from(path)))
    }

    fn eval_path(&self, path: &str, depth: u32) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        if let Some(v) = self.known(path) {
            return v;
        }
        // A unique suffix of a project module names it: `db` for `app.db`, and
        // `database.db` for `backend.database.db` (a folder on `sys.path`,
        // namespace packages without `__init__.py`).
        if let Some(full) = self.lookup.module_alias(path) {
            return Val::Module(full);
        }
        match path.rsplit_once('.') {
            Some((prefix, last)) => {
                let base = self.eval_path(prefix, depth + 1);
                self.getattr(base, last, depth + 1)
            }
            None => Val::External(Arc::from(path)),
        }
    }

    fn getattr(&self, v: Val, name: &str, depth: u32) -> Val {
        match v {
            Val::Module(m) => {
                let key = format!("{m}.{name}");
                if let Some(v) = self.known(&key) {
                    v
                } else if self.lookup.is_module(&m) {
                    // A project module's unknown attribute (perhaps imported by `*`).
                    Val::Unknown
                } else {
                    Val::External(Arc::from(key))
                }
            }
            Val::External(p) | Val::Catalog(_, p) => {
                let key = format!("{p}.{name}");
                match self.catalog.lookup(&key) {
                    Some(item) => Val::Catalog(item, Arc::from(key)),
                    None => Val::External(Arc::from(key)),
                }
            }
            Val::Class(c) => self.member(&c, name, false, depth),
            Val::Instance(c) => self.member(&c, name, true, depth),
            Val::Pool(p) => Val::PoolMethod(p, Arc::from(name)),
            Val::Resource(r, _) => Val::ResourceMethod(r, Arc::from(name)),
            _ => Val::Unknown,
        }
    }

    /// A member of a project class (or its project base classes).
    fn member(&self, class: &str, name: &str, bound: bool, depth: u32) -> Val {
        let mut queue: Vec<Arc<str>> = vec![Arc::from(class)];
        let mut seen = 0;
        while let Some(c) = queue.pop() {
            seen += 1;
            if seen > 16 || depth > MAX_DEPTH {
                break;
            }
            let key = format!("{c}.{name}");
            if let Some(view) = self.lookup.function(&key) {
                return Val::Function {
                    qualname: Arc::from(key),
                    bound: bound || view.is_classmethod,
                };
            }
            if let Some(v) = self.lookup.value(&key) {
                return v.settled();
            }
            // `User.query` on `class User(db.Model)`: the library's attribute.
            if self.catalog.is_session_model(&c) {
                return Val::External(Arc::from(key));
            }
            queue.extend(self.lookup.class_bases(&c));
        }
        Val::Unknown
    }

    fn call(
        &self,
        callee: Val,
        hint: Option<&CallHint>,
        env: &dyn Env,
        visiting: &mut Vec<(u32, Arc<str>)>,
        depth: u32,
    ) -> Val {
        match callee {
            Val::Catalog(CatalogItem::Acquire(id), _) => {
                let a = self.catalog.acquire(id);
                match self.catalog.resource_id(&a.resource) {
                    Some(def) => Val::Resource(
                        ResRef {
                            def,
                            pool: None,
                            via: Via::Catalog(id),
                            direct: a.direct,
                            backend: a.backend.as_deref().map(Arc::from),
                            is_async: a.is_async,
                        },
                        true,
                    ),
                    None => Val::Unknown,
                }
            }
            Val::Catalog(CatalogItem::PoolClass(id), path) => {
                let backend = self.pool_backend(id, hint, env, visiting, depth);
                Val::Pool(PoolRef {
                    def: id,
                    id: Arc::from(format!("{path}()")),
                    named: false,
                    backend,
                })
            }
            Val::Catalog(CatalogItem::FactoryClass(id), path) => {
                Val::Factory(id, Arc::from(format!("{path}()")))
            }
            Val::Catalog(CatalogItem::Closer, _) => {
                let inner = hint
                    .and_then(|h| h.first_arg.as_ref())
                    .map_or(Val::Unknown, |a| self.eval_in(a, env, visiting, depth + 1));
                Val::Cm(Box::new(inner.settled()))
            }
            Val::Function { qualname, .. } => match self.lookup.function(&qualname) {
                Some(view) => {
                    if let Some(y) = view.yields {
                        Val::Cm(Box::new(y))
                    } else {
                        match view.returns {
                            Val::Resource(mut r, true) => {
                                if r.via != Via::Borrowed {
                                    r.via = Via::Project(qualname);
                                }
                                Val::Resource(r, true)
                            }
                            other => other,
                        }
                    }
                }
                None => Val::Unknown,
            },
            Val::Class(c) => {
                // A project subclass of a catalogued pool class builds that pool
                // (`class DataPool(ThreadedConnectionPool)`, then `DataPool(...)`).
                if let Some(base) = self.pool_base(&c) {
                    return self.call(base, hint, env, visiting, depth + 1);
                }
                // A project class whose `__enter__` or attributes matter is an instance.
                Val::Instance(c)
            }
            Val::PoolMethod(p, m) => {
                let def = self.catalog.pool(p.def);
                let ty = def.returns.get(&*m).unwrap_or(&def.resource);
                let Some(res) = self.catalog.resource_id(ty) else {
                    return Val::Unknown;
                };
                let r = ResRef {
                    def: res,
                    backend: p.backend.clone(),
                    pool: Some(p),
                    via: Via::PoolMethod(m.clone()),
                    direct: false,
                    is_async: def.is_async,
                };
                if def.acquire.iter().any(|a| **a == *m) {
                    Val::Resource(r, true)
                } else if def.guarded.iter().any(|a| **a == *m) {
                    Val::Cm(Box::new(Val::Resource(r, false)))
                } else {
                    Val::Unknown
                }
            }
            Val::Factory(id, _) => {
                let f = &self.catalog.factories[id];
                match self.catalog.resource_id(&f.resource) {
                    Some(def) => Val::Resource(
                        ResRef {
                            def,
                            pool: None,
                            via: Via::Factory(id),
                            direct: false,
                            backend: None,
                            is_async: self.catalog.resource(def).is_async,
                        },
                        true,
                    ),
                    None => Val::Unknown,
                }
            }
            Val::ResourceMethod(r, m) => {
                let def = self.catalog.resource(r.def);
                if def.release.iter().any(|x| **x == *m) {
                    return Val::Unknown;
                }
                // Ex) `myzip.open("a.txt")` with `zipfile.ZipFile.open` declared as an
                //     acquire call: a new resource, not a part of the receiver
                let key = format!("{}.{m}", def.ty);
                match self.catalog.lookup(&key) {
                    Some(item @ CatalogItem::Acquire(_)) => self.call(
                        Val::Catalog(item, Arc::from(key)),
                        hint,
                        env,
                        visiting,
                        depth + 1,
                    ),
                    _ => Val::Derived(r),
                }
            }
            Val::External(p) => Val::External(p),
            _ => Val::Unknown,
        }
    }

    fn pool_backend(
        &self,
        id: PoolId,
        hint: Option<&CallHint>,
        env: &dyn Env,
        visiting: &mut Vec<(u32, Arc<str>)>,
        depth: u32,
    ) -> Option<Arc<str>> {
        let def = self.catalog.pool(id);
        match def.backend.as_str() {
            "from-url" => hint
                .and_then(|h| h.url.as_deref())
                .and_then(Catalog::backend_of_url)
                .map(Arc::from),
            "from-creator" => {
                let creator = hint.and_then(|h| h.creator.as_ref())?;
                match self.eval_in(creator, env, visiting, depth + 1) {
                    Val::Module(m) | Val::External(m) | Val::Catalog(_, m) => {
                        self.catalog.backend_of_module(&m).map(Arc::from)
                    }
                    _ => None,
                }
            }
            named => Some(Arc::from(named)),
        }
    }

    fn enter(&self, v: Val, depth: u32) -> Val {
        match v {
            Val::Cm(inner) => *inner,
            Val::Resource(r, _) => Val::Resource(r, false),
            // `with conn.cursor() as cur:`: a DB-API cursor enters as itself.
            Val::Derived(r) => Val::Derived(r),
            Val::Instance(c) => {
                let key = format!("{c}.__enter__");
                match self.lookup.function(&key) {
                    Some(view) if depth < MAX_DEPTH => match view.returns {
                        Val::Unknown => Val::Instance(c),
                        other => other.settled(),
                    },
                    _ => Val::Instance(c),
                }
            }
            v @ (Val::External(_) | Val::Pool(_)) => v,
            _ => Val::Unknown,
        }
    }

    /// The catalogued pool class a project class derives from, if any.
    fn pool_base(&self, class: &str) -> Option<Val> {
        let mut queue: Vec<Arc<str>> = self.lookup.class_bases(class);
        let mut seen = 0;
        while let Some(b) = queue.pop() {
            seen += 1;
            if seen > 16 {
                break;
            }
            if let Some(item @ CatalogItem::PoolClass(_)) = self.catalog.lookup(&b) {
                return Some(Val::Catalog(item, b));
            }
            queue.extend(self.lookup.class_bases(&b));
        }
        None
    }

    /// An instance of the type `ty` (from an annotation), named `place`.
    fn instance_of(&self, ty: Val, place: &str) -> Val {
        match ty {
            Val::Class(c) => Val::Instance(c),
            Val::Catalog(CatalogItem::PoolClass(id), _) => {
                let def = self.catalog.pool(id);
                let backend = match def.backend.as_str() {
                    "from-url" | "from-creator" => None,
                    b => Some(Arc::from(b)),
                };
                Val::Pool(PoolRef {
                    def: id,
                    id: Arc::from(place),
                    named: false,
                    backend,
                })
            }
            Val::External(p) | Val::Catalog(_, p) => match self.catalog.resource_id(&p) {
                Some(def) => Val::Resource(
                    ResRef {
                        def,
                        pool: None,
                        via: Via::Borrowed,
                        direct: false,
                        backend: None,
                        is_async: self.catalog.resource(def).is_async,
                    },
                    false,
                ),
                None => Val::External(p),
            },
            _ => Val::Unknown,
        }
    }
}

/// A `Lookup` that knows no project (pass 1: catalog facts only).
pub struct NullLookup;

impl Lookup for NullLookup {
    fn value(&self, _key: &str) -> Option<Val> {
        None
    }
    fn function(&self, _key: &str) -> Option<FunctionView> {
        None
    }
    fn is_class(&self, _key: &str) -> bool {
        false
    }
    fn class_bases(&self, _key: &str) -> Vec<Arc<str>> {
        Vec::new()
    }
    fn is_module(&self, _key: &str) -> bool {
        false
    }
    fn module_alias(&self, _name: &str) -> Option<Arc<str>> {
        None
    }
}
