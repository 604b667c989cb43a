//! Project summaries (pass 1 → resolution).
//!
//! The front end records, per module, plain facts: its globals, classes and
//! functions with the symbolic values they return, yield or store. This module
//! resolves them project-wide into `Project`: which functions return a fresh
//! connection (acquirers, transitively, across files, with their pool), which
//! are context managers that hand one out, which release their argument, and
//! which modules own a pool. Everything here is small plain data.

use std::cell::RefCell;
use std::collections::BTreeMap;

// Fx hashing: the summaries hash names millions of times (SipHash was 7%
// of a warm run); nothing iterates these maps, so order is not at stake.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::{Catalog, CatalogItem};
use crate::lang::python::dbapi;
use crate::lang::python::sym::Sym;
use crate::lang::python::values::{Env, Evaluator, FunctionView, Lookup, PoolRef, ResRef, Val};
use crate::lang::python::web::{self, Hook};

mod effects;
mod owners;
mod reads;
pub use reads::recording;
mod releases;
mod wrappers;

/// What pass 1 learns about one Python module.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ModuleFacts {
    pub name: Arc<str>,
    pub path: PathBuf,
    pub is_package: bool,
    /// Test code (see `test_code`: by folder, or by a test-like name that
    /// the content confirms): never a pool owner.
    pub is_test: bool,
    /// The distribution the file belongs to: the nearest directory with a
    /// `pyproject.toml`, `setup.py` or `setup.cfg` (else the project root).
    /// A pool serves its own distribution only: in a monorepo, service A's
    /// pool is not bypassed by service B's script.
    pub unit: Arc<str>,
    pub star_imports: Vec<Arc<str>>,
    /// Module-level names (and `global` names assigned in functions) → assigned values.
    pub globals: Vec<(Arc<str>, Vec<Sym>)>,
    pub functions: Vec<FunctionFacts>,
    pub classes: Vec<ClassFacts>,
    /// The pools constructed anywhere in the module.
    pub pool_constructions: Vec<PoolBuild>,
    #[serde(default)]
    pub hooks: Vec<Hook>,
}

/// A pool constructor call.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PoolBuild {
    /// The pool's database (`None`: unknown).
    pub backend: Option<Arc<str>>,
    /// Where its arguments say to connect (see `config::call_reads`).
    pub reads: Vec<Arc<str>>,
    /// Its minimum and maximum sizes as literals, with the parameters'
    /// names (`minconn`, 10), per the catalog's signature (for issue 24's
    /// pool-capacity rule).
    #[serde(default)]
    pub min: Option<(Arc<str>, i64)>,
    #[serde(default)]
    pub max: Option<(Arc<str>, i64)>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FunctionFacts {
    /// Fully qualified: `app.db.get_db_connection`, `app.db.Database.get`.
    pub qualname: Arc<str>,
    /// The file-local scope id that `Sym::Local`s in this function use.
    pub scope: u32,
    pub params: Vec<Arc<str>>,
    pub param_annotations: Vec<Option<Sym>>,
    pub is_async: bool,
    pub is_generator: bool,
    pub decorators: Vec<Sym>,
    /// Locals that returns, yields and parameter uses read (and what they read).
    pub locals: Vec<(Arc<str>, Vec<Sym>)>,
    pub returns: Vec<Sym>,
    /// Returned locals that the function also keeps (on an object, in a
    /// container): the caller holds what they return only if it is a pool
    /// checkout (see `compute_view`).
    #[serde(default)]
    pub stored_returns: Vec<Sym>,
    pub yields: Vec<Sym>,
    /// Calls that receive a parameter: candidates for "releases its argument".
    pub param_uses: Vec<ParamUse>,
    /// Parameters stored beyond the call (on `self`, in a container, returned).
    pub param_escapes: Vec<u32>,
    /// Parameters the function assigns again (`conn = pool.getconn()`): what
    /// it releases through that name is its own, not the caller's.
    #[serde(default)]
    pub rebound_params: Vec<u32>,
    /// Keyword arguments gathered by `**kwargs` that the function keeps
    /// (`self.g["db"] = kwargs.pop("db")`); `**` when it keeps them all.
    #[serde(default)]
    pub kwargs_kept: Vec<Arc<str>>,
    /// The body cannot raise: only `pass`, a docstring, `...`, or a
    /// `return` of a name or a literal (`def doesnt_raise(*args): pass`).
    #[serde(default)]
    pub never_raises: bool,
    /// The body calls a module name bound to alternatives (see
    /// `PyFile::has_alternatives`): what it acquires depends on what is installed.
    #[serde(default)]
    pub calls_alternative: bool,
    /// Rebound parameters assigned only when they are `None`: the function
    /// takes a connection of its own only when the caller passed none.
    #[serde(default)]
    pub optional_params: Vec<u32>,
    /// Locals stored on the request (`g.db = conn`), held until its teardown.
    #[serde(default)]
    pub request_stores: Vec<Sym>,
    /// The calls the body makes (not nested functions'), as symbols: what the
    /// function acquires and whether it waits on something slow.
    pub calls: Vec<Sym>,
    /// The calls entered by `with`/`async with`: a project wrapper class
    /// entered there holds its connection for the block.
    #[serde(default)]
    pub entered: Vec<Sym>,
    /// A nested function that calls its enclosing function's first
    /// parameter: a decorator's wrapper around the decorated function.
    #[serde(default)]
    pub calls_outer_param: bool,
    /// For decorated generators (context manager candidates): what a fix
    /// that rewrites code onto this manager must know about it.
    pub cm_shape: Option<Arc<CmShape>>,
}

/// A context manager's signature and the parts of its body a rewrite onto it
/// depends on (`get_db_cursor(dict_cursor=False, commit=False)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CmShape {
    /// Parameters and the source text of their defaults.
    pub params: Vec<(Arc<str>, Option<Arc<str>>)>,
    /// The argument text of each `.cursor(...)` call (`cursor_factory=RealDictCursor`).
    pub cursor_args: Vec<Arc<str>>,
    /// Whether leaving the block normally commits with the default arguments:
    /// a `.commit()` call not under `if <param>:` whose default is falsy.
    pub commits_by_default: bool,
    /// What an `except` clause of the manager does beyond rolling back and
    /// re-raising ("logs the exception", "swallows the exception", "raises
    /// a different exception"): code moved into its block changes there.
    #[serde(default)]
    pub handler_effect: Option<Arc<str>>,
    /// A statement the manager runs after taking the connection and before
    /// the `try`/`with` that gives it back (`cur = conn.cursor()`): if it
    /// raises, the manager itself leaks. `"no try"` when there is no such block.
    #[serde(default)]
    pub unguarded_setup: Option<Arc<str>>,
}

impl CmShape {
    /// The parameter whose name says it asks for a dict cursor, and its default.
    #[must_use]
    pub fn param_like(&self, part: &str) -> Option<(&str, Option<&str>)> {
        self.params
            .iter()
            .find(|(n, _)| n.to_ascii_lowercase().contains(part))
            .map(|(n, d)| (&**n, d.as_deref()))
    }
}

/// A parameter handed to a call.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParamUse {
    /// `param.method(...)`
    Method { param: u32, method: Arc<str> },
    /// `callee(..., param, ...)` at positional `index`.
    Arg { param: u32, callee: Sym, index: u32 },
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ClassFacts {
    pub qualname: Arc<str>,
    pub bases: Vec<Sym>,
    /// Class-body assignments and `self.x = ...` in methods.
    pub attrs: Vec<(Arc<str>, Vec<Sym>)>,
}

/// What calling a function does (see `FnSummary::slow_call`, `acquires_from`).
#[derive(Debug, Clone, Default)]
struct Effects {
    slow_call: Option<Arc<str>>,
    acquires_from: Vec<Arc<str>>,
    sync_db: Option<Arc<str>>,
    session_use: Option<Arc<str>>,
}

/// A resolved function summary.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FnSummary {
    pub qualname: Arc<str>,
    pub module: Arc<str>,
    pub params: Vec<Arc<str>>,
    pub is_async: bool,
    pub is_generator: bool,
    /// Decorated with `@contextmanager`/`@asynccontextmanager`.
    pub is_context_manager: bool,
    /// Decorated with `@classmethod`.
    pub is_classmethod: bool,
    /// Merged value of the `return`s: a fresh resource makes it an acquirer.
    pub returns: Val,
    /// For context managers: what the `yield` hands out.
    pub yields: Option<Val>,
    /// Parameter indexes the function releases (`conn.close()`, `pool.putconn(conn)`).
    pub releases: Vec<u32>,
    /// Parameter indexes the function keeps beyond the call.
    pub escapes: Vec<u32>,
    /// Keyword arguments gathered by `**kwargs` that the function keeps.
    pub kwargs_kept: Vec<Arc<str>>,
    /// Calling it cannot raise (see `FunctionFacts::never_raises`).
    pub never_raises: bool,
    /// What it returns comes through a name bound to alternatives (see
    /// `FunctionFacts::calls_alternative`).
    pub calls_alternative: bool,
    /// Parameters the function fills itself when the caller passes `None`
    /// (`def balance(user, conn=None)`); a call that passes one makes the
    /// function take no connection of its own (`acquires_from` is then empty).
    pub optional_params: Vec<u32>,
    /// A slow call the function makes, directly or through project functions
    /// (`openai.OpenAI.chat.completions.create`): CL302.
    pub slow_call: Option<Arc<str>>,
    /// Pools the function takes a connection from while it runs, directly or
    /// through project functions (ids as in `PoolRef::id`): CL305.
    pub acquires_from: Vec<Arc<str>>,
    /// The first synchronous database work the function does, directly or
    /// through project functions, when it is a sync `def`: a sync connect or
    /// checkout, or a DB-API call (`cursor()`, `execute`, `commit`) on a sync
    /// connection or on a parameter. Called from `async def`, it blocks the
    /// event loop: CL301.
    pub sync_db: Option<Arc<str>>,
    /// The first query the function makes, directly or through project
    /// functions, through a request-scoped session (`User.query.get(id)` on
    /// Flask-SQLAlchemy): from there the session holds a connection (CL302).
    pub session_use: Option<Arc<str>>,
    /// For context managers defined in the project: see `CmShape`.
    pub cm_shape: Option<Arc<CmShape>>,
    /// For other generators: what they yield (a FastAPI dependency's value).
    pub dependency: Option<Val>,
    /// For decorators: the connection their wrapper takes around each call of
    /// the decorated function (`@database` injecting `connection=`).
    pub injects: Option<ResRef>,
}

impl FnSummary {
    /// A function that returns a fresh acquisition on some path.
    #[must_use]
    pub fn is_acquirer(&self) -> bool {
        // `return conn, cur`: the connection comes with its cursor.
        self.returns.is_fresh_resource()
            || matches!(&self.returns, Val::Tuple(items) if items.iter().any(Val::is_fresh_resource))
    }

    /// A context manager that hands out a resource.
    #[must_use]
    pub fn guarded_resource(&self) -> Option<&crate::lang::python::values::ResRef> {
        if self.is_context_manager {
            self.yields.as_ref().and_then(Val::resource)
        } else {
            None
        }
    }
}

/// A pool the project owns, and the module that owns it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PoolOwner {
    pub module: Arc<str>,
    /// The distribution of the owning module (see `ModuleFacts::unit`).
    pub unit: Arc<str>,
    pub pool: Option<PoolRef>,
    pub backend: Option<Arc<str>>,
    /// The configuration reads of each constructor call of this backend in
    /// the module (see `config`): where the pool connects. Empty when the
    /// module holds a pool built elsewhere.
    pub configs: Vec<Vec<Arc<str>>>,
    /// The literal sizes of those constructor calls, in the same order.
    pub sizes: Vec<PoolSize>,
}

/// A pool constructor's literal minimum and maximum, with the parameters'
/// names (`("minconn", 10)`, `("maxconn", 100)`).
pub type PoolSize = (Option<(Arc<str>, i64)>, Option<(Arc<str>, i64)>);

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct ModuleInfo {
    is_test: bool,
    unit: Arc<str>,
    star_imports: Vec<Arc<str>>,
}

/// The resolved, read-only project summaries used by pass 2.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Project {
    modules: HashMap<Arc<str>, ModuleInfo>,
    aliases: HashMap<Arc<str>, Arc<str>>,
    classes: HashMap<Arc<str>, Vec<Arc<str>>>,
    values: HashMap<Arc<str>, Val>,
    functions: HashMap<Arc<str>, FnSummary>,
    /// Pools the project owns, sorted by module.
    pub pool_owners: Vec<PoolOwner>,
    /// Guarded context managers by qualified name, sorted.
    pub guarded_cms: Vec<Arc<str>>,
    /// Wrapper classes (their `__enter__` takes a connection and keeps it on
    /// `self` until `__exit__`) → that connection.
    wrappers: HashMap<Arc<str>, ResRef>,
    /// Configured pool-owning modules.
    configured_pool_modules: Vec<String>,
    /// (module leaf, name) pairs: see `relevant_names`.
    relevant: Vec<(Arc<str>, Arc<str>)>,
    relevant_async: Vec<(Arc<str>, Arc<str>)>,
    /// Request handlers that start with a session's connection held.
    pub request: web::RequestModel,
}

impl Project {
    /// Resolves the facts of every module. Deterministic: modules and names are visited in sorted order.
    #[must_use]
    pub fn build(catalog: &Catalog, facts: &[&ModuleFacts], config: &ProjectConfig) -> Project {
        let mut facts: Vec<&ModuleFacts> = facts.to_vec();
        facts.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
        // Two files may claim one module name (scripts side by side); the first wins.
        facts.dedup_by(|b, a| a.name == b.name);
        let hooks: Vec<(Vec<Arc<str>>, Vec<Hook>)> = facts
            .iter()
            .filter(|m| !m.hooks.is_empty())
            .map(|m| (m.star_imports.clone(), m.hooks.clone()))
            .collect();
        let mut project = Builder::new(catalog, facts, config).finish();
        let session_use = |q: &str| project.function(q).and_then(|f| f.session_use.clone());
        let request = web::resolve(&project, catalog, &hooks, &session_use);
        project.request = request;
        project
    }

    /// Of `imports` (`(file, line, imported name)`), those from the
    /// project's own packages that name no module of the project (`modules`:
    /// every file's, parsed or not): one `(file, line, name, missing module)`
    /// per missing module, at its first importer. An import is the project's
    /// own when its first part is the first part of a project module and not
    /// a catalogued library; `from app.db import pool` resolves when `app.db`
    /// or `app.db.pool` is a module.
    #[must_use]
    pub fn unresolved_imports(
        &self,
        catalog: &Catalog,
        modules: &std::collections::HashSet<Arc<str>>,
        imports: Vec<(PathBuf, u32, String)>,
    ) -> Vec<(PathBuf, u32, String, String)> {
        let roots: HashSet<&str> = modules
            .iter()
            .map(|m| m.split('.').next().unwrap_or(m))
            .collect();
        let mut seen: HashSet<String> = HashSet::default();
        let mut out = Vec::new();
        for (path, line, name) in imports {
            let Some((parent, _)) = name.rsplit_once('.') else {
                continue;
            };
            let root = name.split('.').next().unwrap_or(&name);
            // Ex) `from .mock_dbapi import X` in a `leak-on-path/` folder: no
            //     importable package has such a name, so nothing is missing.
            let importable = name
                .split('.')
                .all(|p| p.chars().all(|c| c == '_' || c.is_alphanumeric()));
            if !importable
                || !roots.contains(root)
                || modules.contains(name.as_str())
                || modules.contains(parent)
                || self.aliases.contains_key(parent)
                || catalog.roots().iter().any(|r| **r == *root)
            {
                continue;
            }
            if seen.insert(parent.to_owned()) {
                let parent = parent.to_owned();
                out.push((path, line, name, parent));
            }
        }
        out
    }
}

fn view(f: &FnSummary) -> FunctionView {
    FunctionView {
        returns: f.returns.clone(),
        yields: if f.is_context_manager {
            f.yields.clone()
        } else {
            None
        },
        generator_yields: f.dependency.clone(),
        is_async: f.is_async,
        is_classmethod: f.is_classmethod,
    }
}

/// Settings that shape the summaries.
#[derive(Debug, Clone, Default)]
pub struct ProjectConfig {
    /// Functions configured as acquirers of a fresh connection.
    pub acquirers: Vec<String>,
    /// Functions configured as guarded context managers.
    pub guarded_context_managers: Vec<String>,
    pub pool_modules: Vec<String>,
}

#[derive(Debug, Clone)]
enum Slot<T> {
    InProgress,
    Done(T),
}

/// Lazily resolves values and summaries with memoisation; cycles resolve to `Unknown`.
struct Builder<'a> {
    catalog: &'a Catalog,
    config: &'a ProjectConfig,
    modules: HashMap<Arc<str>, ModuleInfo>,
    aliases: HashMap<Arc<str>, Arc<str>>,
    classes: HashMap<Arc<str>, Vec<Arc<str>>>,
    /// Unresolved definitions: global/attribute key → (module, syms).
    value_defs: HashMap<Arc<str>, (Arc<str>, Vec<Sym>)>,
    function_defs: HashMap<Arc<str>, (Arc<str>, &'a FunctionFacts)>,
    values: RefCell<HashMap<Arc<str>, Slot<Val>>>,
    views: RefCell<HashMap<Arc<str>, Slot<FunctionView>>>,
    releases: RefCell<HashMap<Arc<str>, Slot<Vec<u32>>>>,
    /// Class → the connection entering it takes (see `wrappers`).
    wrappers_memo: RefCell<HashMap<Arc<str>, Option<ResRef>>>,
    /// Class → the names of its attributes (class body and `self.x = ...`).
    class_attrs: HashMap<Arc<str>, Vec<Arc<str>>>,
    effects_memo: RefCell<HashMap<Arc<str>, Effects>>,
    /// Last names of callees worth evaluating for `slow_call`/`acquires_from`.
    call_leaves: HashSet<String>,
    /// Leaves that matter on a `session`/`query` chain only (see `may_matter`).
    session_leaves: HashSet<String>,
    facts: Vec<&'a ModuleFacts>,
}

struct FnEnv<'a> {
    facts: &'a FunctionFacts,
    star_imports: &'a [Arc<str>],
}

impl Env for FnEnv<'_> {
    fn local(&self, scope: u32, name: &str) -> &[Sym] {
        if scope != self.facts.scope {
            return &[];
        }
        self.facts
            .locals
            .iter()
            .find(|(n, _)| &**n == name)
            .map_or(&[], |(_, syms)| syms.as_slice())
    }
    fn param_annotation(&self, index: u32) -> Option<&Sym> {
        self.facts.param_annotations.get(index as usize)?.as_ref()
    }
    fn star_imports(&self) -> &[Arc<str>] {
        self.star_imports
    }
}

impl<'a> Builder<'a> {
    fn new(
        catalog: &'a Catalog,
        facts: Vec<&'a ModuleFacts>,
        config: &'a ProjectConfig,
    ) -> Builder<'a> {
        let mut modules = HashMap::default();
        let mut classes = HashMap::default();
        let mut value_defs: HashMap<Arc<str>, (Arc<str>, Vec<Sym>)> = HashMap::default();
        let mut function_defs = HashMap::default();
        let mut class_attrs: HashMap<Arc<str>, Vec<Arc<str>>> = HashMap::default();
        for m in &facts {
            modules.insert(
                m.name.clone(),
                ModuleInfo {
                    is_test: m.is_test,
                    unit: m.unit.clone(),
                    star_imports: m.star_imports.clone(),
                },
            );
            for (name, syms) in &m.globals {
                let key: Arc<str> = Arc::from(format!("{}.{name}", m.name));
                value_defs
                    .entry(key)
                    .or_insert_with(|| (m.name.clone(), Vec::new()))
                    .1
                    .extend(syms.iter().cloned());
            }
            for c in &m.classes {
                classes.insert(c.qualname.clone(), Vec::new());
                class_attrs
                    .entry(c.qualname.clone())
                    .or_default()
                    .extend(c.attrs.iter().map(|(n, _)| n.clone()));
                for (name, syms) in &c.attrs {
                    let key: Arc<str> = Arc::from(format!("{}.{name}", c.qualname));
                    value_defs
                        .entry(key)
                        .or_insert_with(|| (m.name.clone(), Vec::new()))
                        .1
                        .extend(syms.iter().cloned());
                }
            }
            for f in &m.functions {
                function_defs.insert(f.qualname.clone(), (m.name.clone(), f));
            }
        }
        // Unique trailing parts of module names, for projects run with a package dir on sys.path.
        let mut suffixes: BTreeMap<Arc<str>, Option<Arc<str>>> = BTreeMap::new();
        let mut names: Vec<&Arc<str>> = modules.keys().collect();
        names.sort();
        for name in names {
            let mut rest: &str = name;
            while let Some((_, tail)) = rest.split_once('.') {
                rest = tail;
                suffixes
                    .entry(Arc::from(rest))
                    .and_modify(|v| *v = None)
                    .or_insert_with(|| Some(name.clone()));
            }
        }
        let aliases = suffixes
            .into_iter()
            .filter_map(|(k, v)| Some((k.clone(), v?)))
            .filter(|(k, _)| !modules.contains_key(k))
            // `psycopg2` is the driver, not `sqlalchemy.dialects.postgresql.psycopg2`.
            .filter(|(k, _)| {
                let top = k.split('.').next().unwrap_or(k);
                !catalog.roots().iter().any(|r| r == top)
            })
            .collect();
        let mut call_leaves: HashSet<String> = catalog
            .prefilter_names()
            .into_iter()
            .filter_map(|mut v| v.pop())
            .collect();
        call_leaves.extend(catalog.slow_leaves());
        call_leaves.extend(dbapi::DBAPI_METHODS.iter().map(|m| (*m).to_owned()));
        // ORM query leaves (`get`, `all`, `count`) are everywhere: they matter
        // only on a chain through a scoped session's `session` or `query`
        // (`User.query.get(id)`, `db.session.execute(...)`), except the
        // extension's own methods (`db.get_or_404(...)`).
        let mut session_leaves: HashSet<String> = HashSet::default();
        if !catalog.scoped_sessions.is_empty() {
            for leaf in dbapi::SESSION_QUERY_LEAVES {
                if leaf.ends_with("_404") || *leaf == "paginate" {
                    call_leaves.insert((*leaf).to_owned());
                } else {
                    session_leaves.insert((*leaf).to_owned());
                }
            }
        }
        for pool in &catalog.pools {
            call_leaves.extend(pool.acquire.iter().cloned());
            call_leaves.extend(pool.guarded.iter().cloned());
            call_leaves.extend(pool.queries.iter().cloned());
        }
        call_leaves.extend(
            function_defs
                .keys()
                .map(|k: &Arc<str>| k.rsplit('.').next().unwrap_or(k).to_owned()),
        );
        let mut b = Builder {
            catalog,
            config,
            modules,
            aliases,
            classes,
            value_defs,
            function_defs,
            values: RefCell::default(),
            views: RefCell::default(),
            releases: RefCell::default(),
            wrappers_memo: RefCell::default(),
            class_attrs,
            effects_memo: RefCell::default(),
            call_leaves,
            session_leaves,
            facts,
        };
        b.resolve_bases();
        b
    }

    fn resolve_bases(&mut self) {
        let mut resolved = Vec::new();
        for m in &self.facts {
            let env = crate::lang::python::values::EmptyEnv {
                star_imports: &m.star_imports,
            };
            for c in &m.classes {
                let ev = Evaluator {
                    catalog: self.catalog,
                    lookup: &*self,
                };
                let bases: Vec<Arc<str>> = c
                    .bases
                    .iter()
                    .filter_map(|b| match ev.eval(b, &env) {
                        Val::Class(q) if q != c.qualname => Some(q),
                        // `class DataPool(ThreadedConnectionPool)`: the catalog's path.
                        Val::Catalog(crate::catalog::CatalogItem::PoolClass(_), p) => Some(p),
                        // `class User(db.Model)`: `User.query` queries the session.
                        Val::External(p) if self.catalog.is_session_model(&p) => Some(p),
                        _ => None,
                    })
                    .collect();
                resolved.push((c.qualname.clone(), bases));
            }
        }
        for (q, bases) in resolved {
            self.classes.insert(q, bases);
        }
    }

    fn star_imports_of(&self, module: &str) -> &[Arc<str>] {
        self.modules
            .get(module)
            .map_or(&[], |m| m.star_imports.as_slice())
    }

    fn compute_value(&self, key: &Arc<str>) -> Option<Val> {
        let (module, syms) = self.value_defs.get(key)?;
        let env = crate::lang::python::values::EmptyEnv {
            star_imports: self.star_imports_of(module),
        };
        let ev = Evaluator {
            catalog: self.catalog,
            lookup: self,
        };
        let mut val = Val::Unknown;
        for s in syms {
            val = val.merge(ev.eval(s, &env));
        }
        // A pool or factory kept in a global or attribute is known by that place.
        Some(match val {
            Val::Pool(mut p) if !p.named => {
                p.id = key.clone();
                p.named = true;
                Val::Pool(p)
            }
            Val::Factory(id, _) => Val::Factory(id, key.clone()),
            other => other.settled(),
        })
    }

    fn is_test_module(&self, module: &str) -> bool {
        self.modules.get(module).is_some_and(|m| m.is_test)
    }

    fn compute_view(&self, key: &Arc<str>) -> Option<FunctionView> {
        if self.config.acquirers.iter().any(|a| **a == **key) {
            return Some(configured_acquirer(self.catalog, key));
        }
        let (module, f) = self.function_defs.get(key)?;
        let env = FnEnv {
            facts: f,
            star_imports: self.star_imports_of(module),
        };
        let ev = Evaluator {
            catalog: self.catalog,
            lookup: self,
        };
        let mut returns = Val::Unknown;
        for s in &f.returns {
            returns = returns.merge(ev.eval(s, &env));
        }
        // A pool checkout that the function also caches (a thread-local, a
        // module dict) is still handed to the caller: its slot must come back
        // (the caching is CL204's finding, at the getter). A direct connection
        // kept in a long-lived place is lent: the function keeps it.
        for s in &f.stored_returns {
            let v = ev.eval(s, &env);
            if matches!(&v, Val::Resource(r, true) if r.pool.is_some()) {
                returns = returns.merge(v);
            }
        }
        let is_cm = self.is_context_manager(f, module);
        let yields = if is_cm || f.is_generator {
            let mut y = Val::Unknown;
            for s in &f.yields {
                y = y.merge(ev.eval(s, &env));
            }
            Some(y.settled())
        } else {
            None
        };
        Some(FunctionView {
            returns: if f.is_generator {
                Val::Unknown
            } else {
                returns
            },
            generator_yields: if is_cm { None } else { yields.clone() },
            yields: if is_cm { yields } else { None },
            is_async: f.is_async,
            is_classmethod: is_classmethod(f),
        })
    }

    fn is_context_manager(&self, f: &FunctionFacts, module: &str) -> bool {
        if self
            .config
            .guarded_context_managers
            .iter()
            .any(|g| **g == *f.qualname)
        {
            return true;
        }
        if !f.is_generator {
            return false;
        }
        let env = crate::lang::python::values::EmptyEnv {
            star_imports: self.star_imports_of(module),
        };
        let ev = Evaluator {
            catalog: self.catalog,
            lookup: self,
        };
        f.decorators.iter().any(|d| {
            matches!(
                ev.eval(d, &env),
                Val::Catalog(CatalogItem::ContextManagerDecorator, _)
            )
        })
    }

    fn finish(self) -> Project {
        let mut value_keys: Vec<Arc<str>> = self.value_defs.keys().cloned().collect();
        value_keys.sort();
        for k in &value_keys {
            let _ = Lookup::value(&self, k);
        }
        let mut fn_keys: Vec<Arc<str>> = self.function_defs.keys().cloned().collect();
        fn_keys.sort();
        let mut functions = HashMap::default();
        let mut guarded_cms = Vec::new();
        for k in &fn_keys {
            let view = Lookup::function(&self, k).unwrap_or_default();
            let releases = self.releases_of(k);
            let (module, f) = &self.function_defs[k];
            // Test code is nobody's callee: not worth the evaluation.
            let effects = if self.is_test_module(module) {
                Effects::default()
            } else {
                self.effects_of(k, 0, &mut Vec::new())
            };
            let is_cm = view.yields.is_some();
            let summary = FnSummary {
                qualname: k.clone(),
                module: module.clone(),
                params: f.params.clone(),
                is_async: f.is_async,
                is_generator: f.is_generator,
                is_context_manager: view.yields.is_some(),
                is_classmethod: view.is_classmethod,
                returns: view.returns,
                dependency: view.generator_yields,
                yields: view.yields,
                releases,
                escapes: f.param_escapes.clone(),
                optional_params: f.optional_params.clone(),
                kwargs_kept: f.kwargs_kept.clone(),
                never_raises: f.never_raises,
                calls_alternative: f.calls_alternative,
                slow_call: effects.slow_call,
                acquires_from: effects.acquires_from,
                sync_db: if f.is_async { None } else { effects.sync_db },
                session_use: effects.session_use,
                cm_shape: if is_cm { f.cm_shape.clone() } else { None },
                injects: self.injected_by(k),
            };
            if summary.guarded_resource().is_some() {
                guarded_cms.push(k.clone());
            }
            functions.insert(k.clone(), summary);
        }
        let leaf = |s: &str| -> Arc<str> { Arc::from(s.rsplit('.').next().unwrap_or(s)) };
        let mut class_keys: Vec<Arc<str>> = self.classes.keys().cloned().collect();
        class_keys.sort();
        let mut wrappers = HashMap::default();
        let mut wrapper_names: Vec<(Arc<str>, Arc<str>)> = Vec::new();
        for c in &class_keys {
            if let Some(r) = self.wrapper_of(c) {
                if let Some((module, _)) = c.rsplit_once('.') {
                    wrapper_names.push((leaf(module), leaf(c)));
                }
                wrappers.insert(c.clone(), r);
            }
        }
        // Configured acquirers that are not defined in the analysed files.
        for a in &self.config.acquirers {
            let key: Arc<str> = Arc::from(a.as_str());
            functions.entry(key.clone()).or_insert_with(|| {
                let view = configured_acquirer(self.catalog, &key);
                FnSummary {
                    module: Arc::from(a.rsplit_once('.').map_or("", |(m, _)| m)),
                    qualname: key,
                    returns: view.returns,
                    ..FnSummary::default()
                }
            });
        }
        let values: HashMap<Arc<str>, Val> = self
            .values
            .into_inner()
            .into_iter()
            .filter_map(|(k, v)| match v {
                Slot::Done(v) => Some((k, v)),
                Slot::InProgress => None,
            })
            .collect();

        let owners = owners::pool_owners(
            &self.facts,
            &self.modules,
            &self.value_defs,
            &values,
            &value_keys,
        );
        let mut relevant: Vec<(Arc<str>, Arc<str>)> = wrapper_names;
        let test_modules: HashSet<Arc<str>> = self
            .modules
            .iter()
            .filter(|(_, m)| m.is_test)
            .map(|(k, _)| k.clone())
            .collect();
        let mut relevant_async = Vec::new();
        for k in &fn_keys {
            let f = &functions[k];
            // Also functions that wait on something slow or take connections:
            // their callers (CL302, CL305) are worth reading in the next round.
            if f.is_acquirer()
                || f.guarded_resource().is_some()
                || matches!(f.returns, Val::Pool(_) | Val::Factory(..))
                || ((f.slow_call.is_some() || !f.acquires_from.is_empty())
                    && !test_modules.contains(&f.module))
                || (f.session_use.is_some() && !test_modules.contains(&f.module))
            {
                relevant.push((leaf(&f.module), leaf(k)));
            } else if f.sync_db.is_some()
                && !test_modules.contains(&f.module)
                && !self
                    .catalog
                    .roots()
                    .iter()
                    .any(|r| **r == *f.module.split('.').next().unwrap_or(&f.module))
            {
                // A sync helper doing database work (CL301 at its async callers);
                // not the drivers' and libraries' own internals (`sqlalchemy.engine`).
                relevant_async.push((leaf(&f.module), leaf(k)));
            }
        }
        for k in &value_keys {
            let session_object = |p: &str| self.catalog.is_session_model(&format!("{p}.Model"));
            if !matches!(
                values.get(k),
                Some(Val::Pool(_) | Val::Factory(..) | Val::Resource(..))
            ) && !matches!(values.get(k), Some(Val::External(p)) if session_object(p))
            {
                continue;
            }
            let module = &self.value_defs[k].0;
            match k.rsplit_once('.') {
                Some((owner, _)) if self.classes.contains_key(owner) => {
                    relevant.push((leaf(module), leaf(owner)));
                }
                _ => relevant.push((leaf(module), leaf(k))),
            }
        }
        // `class Centro(db.Model)`: its users query the request's session.
        #[allow(clippy::iter_over_hash_type)] // sorted below
        for (q, bases) in &self.classes {
            if let Some((module, _)) = q.rsplit_once('.') {
                if bases.iter().any(|b| self.catalog.is_session_model(b)) {
                    relevant.push((leaf(module), leaf(q)));
                }
            }
        }
        relevant.sort();
        relevant.dedup();
        Project {
            modules: self.modules,
            aliases: self.aliases,
            classes: self.classes,
            values,
            functions,
            pool_owners: owners,
            guarded_cms,
            wrappers,
            configured_pool_modules: self.config.pool_modules.clone(),
            relevant,
            relevant_async,
            request: web::RequestModel::default(),
        }
    }
}

fn configured_acquirer(catalog: &Catalog, key: &Arc<str>) -> FunctionView {
    let returns = catalog
        .resource_id("connlint.Connection")
        .map_or(Val::Unknown, |def| {
            Val::Resource(
                crate::lang::python::values::ResRef {
                    def,
                    pool: None,
                    via: crate::lang::python::values::Via::Project(key.clone()),
                    direct: false,
                    backend: None,
                    is_async: false,
                },
                true,
            )
        });
    FunctionView {
        returns,
        ..FunctionView::default()
    }
}

impl Lookup for Builder<'_> {
    fn value(&self, key: &str) -> Option<Val> {
        let key: Arc<str> = Arc::from(key);
        if let Some(slot) = self.values.borrow().get(&key) {
            return match slot {
                Slot::Done(v) => Some(v.clone()),
                Slot::InProgress => Some(Val::Unknown),
            };
        }
        if !self.value_defs.contains_key(&key) {
            return None;
        }
        self.values
            .borrow_mut()
            .insert(key.clone(), Slot::InProgress);
        let v = self.compute_value(&key).unwrap_or_default();
        self.values.borrow_mut().insert(key, Slot::Done(v.clone()));
        Some(v)
    }

    fn function(&self, key: &str) -> Option<FunctionView> {
        let key: Arc<str> = Arc::from(key);
        if let Some(slot) = self.views.borrow().get(&key) {
            return match slot {
                Slot::Done(v) => Some(v.clone()),
                Slot::InProgress => Some(FunctionView::default()),
            };
        }
        if !self.function_defs.contains_key(&key)
            && !self.config.acquirers.iter().any(|a| **a == *key)
        {
            return None;
        }
        self.views
            .borrow_mut()
            .insert(key.clone(), Slot::InProgress);
        let v = self.compute_view(&key).unwrap_or_default();
        self.views.borrow_mut().insert(key, Slot::Done(v.clone()));
        Some(v)
    }

    fn is_class(&self, key: &str) -> bool {
        self.classes.contains_key(key)
    }

    fn class_bases(&self, key: &str) -> Vec<Arc<str>> {
        self.classes.get(key).cloned().unwrap_or_default()
    }

    fn is_module(&self, key: &str) -> bool {
        self.modules.contains_key(key)
    }

    fn module_alias(&self, name: &str) -> Option<Arc<str>> {
        self.aliases.get(name).cloned()
    }
}

/// Whether a function is decorated with `@classmethod`.
fn is_classmethod(f: &FunctionFacts) -> bool {
    f.decorators.iter().any(|d| match d {
        Sym::Global(p) => p.strip_prefix("builtins.").unwrap_or(p) == "classmethod",
        Sym::Unresolved(n) => &**n == "classmethod",
        _ => false,
    })
}
