//! The database API catalog: which calls acquire a connection, which release
//! it, which build pools, and what `with` does on each. It is data
//! (`rules/catalog/*.toml`, embedded at build time) extended by settings, and
//! it is the only place where library facts live: rules ask the catalog, they
//! never hard-code an API name.

pub mod rust;

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

/// The built-in Python catalog.
pub const PYTHON_CATALOG: &str = include_str!("../../rules/catalog/python.toml");

#[derive(Debug, Clone, thiserror::Error)]
pub enum CatalogError {
    #[error("{origin}: {message}")]
    Parse { origin: String, message: String },
    #[error("{origin}: {section} entry for `{entry}` names unknown resource type `{resource}`")]
    UnknownResource {
        origin: String,
        section: &'static str,
        entry: String,
        resource: String,
    },
}

/// What `with x:` does to a resource when the block ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithSemantics {
    /// The block closes it (or gives it back to its pool).
    Closes,
    /// The block commits or rolls back; the connection stays open.
    Transaction,
    /// The object is no context manager at all (`asyncpg.Connection` has
    /// no `__aenter__`): `async with conn:` raises `TypeError`.
    None,
}

/// How an acquisition call may head a `with` statement, by the driver's own
/// API (`async with pool.acquire()` works; `async with asyncpg.connect()`
/// raises `TypeError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithForm {
    /// The call itself: `with connect() as c:`, `async with aiosqlite.connect() as c:`.
    Call,
    /// The awaited call: `async with await AsyncConnection.connect() as c:`.
    Awaited,
    /// Neither: the value is no context manager (or the call's form is not known).
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ResourceDef {
    /// Qualified name of the type, e.g. `psycopg2.extensions.connection`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `connection`, `session`, `cursor`, or anything else for generic resources.
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Methods on the resource that release it.
    #[serde(default)]
    pub release: Vec<String>,
    /// What a `with` block over the resource does.
    #[serde(default = "default_with")]
    pub with: WithSemantics,
    /// Methods that return the resource itself (`conn.execution_options(...)`).
    #[serde(default)]
    pub fluent: Vec<String>,
    /// Whether the resource's methods are coroutines (`await conn.close()`).
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// Human name used in messages, e.g. `psycopg2 connection`.
    #[serde(default)]
    pub display: Option<String>,
    /// Closed-state predicates: an attribute (`closed`) or a method
    /// (`is_closed()`) whose true value says the connection is closed, so
    /// `if not conn.closed: conn.close()` releases it on every path.
    #[serde(default)]
    pub closed: Vec<String>,
    /// Its `with` also commits when the block ends without an exception
    /// (psycopg 3), where `close()` alone discards an open transaction: a
    /// rewrite from `close()` onto `with` changes what is written.
    #[serde(default)]
    pub with_commits: bool,
    /// The exceptions the resource's methods raise (`OSError` for files):
    /// an `except OSError:` around `f.write(...)` catches what it raises.
    /// Empty: anything may be raised.
    #[serde(default)]
    pub raises: Vec<String>,
    #[serde(default)]
    pub why: String,
}

fn default_kind() -> String {
    "connection".to_owned()
}

fn default_with() -> WithSemantics {
    WithSemantics::Closes
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AcquireDef {
    /// Qualified callables that return a fresh resource.
    pub call: Vec<String>,
    pub resource: String,
    /// A driver connect: opens its own server connection, bypassing any pool.
    #[serde(default)]
    pub direct: bool,
    /// `postgres`, `mysql`, `sqlite`, ...
    #[serde(default)]
    pub backend: Option<String>,
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// The argument whose resource the new one takes over, by position
    /// (`os.fdopen(fd)`, `io.TextIOWrapper(buf)`: `takes = 0`): releasing
    /// the new resource releases it, so the caller no longer owns it.
    #[serde(default)]
    pub takes: Option<u32>,
    /// The same, by keyword (`gzip.GzipFile(fileobj=f)`: `takes-keyword = "fileobj"`).
    #[serde(default)]
    pub takes_keyword: Option<String>,
    /// The call acquires its receiver (`lock.acquire()` on a
    /// `threading.Lock`, `manager.start()`): the receiver's name holds the
    /// resource until one of its release methods.
    #[serde(default)]
    pub receiver: bool,
    /// How the call may head a `with`; when absent, `call` for a sync
    /// acquisition and `none` for an awaited one (an async driver's form
    /// must be stated: the two differ from driver to driver).
    #[serde(default)]
    pub with_form: Option<WithForm>,
    #[serde(default)]
    pub why: String,
}

impl AcquireDef {
    /// How the call may head a `with`: see `with_form`.
    #[must_use]
    pub fn with_form(&self) -> WithForm {
        self.with_form.unwrap_or(if self.is_async {
            WithForm::None
        } else {
            WithForm::Call
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolDef {
    /// Constructors: classes or factory functions that build the pool.
    pub class: Vec<String>,
    /// What the pool hands out.
    pub resource: String,
    /// A database name, `from-url` (first argument or `url=`) or `from-creator` (first argument or `creator=`).
    pub backend: String,
    /// Methods that take a connection that must be given back.
    #[serde(default)]
    pub acquire: Vec<String>,
    /// Pool methods that take a connection back (it is their first argument).
    #[serde(default)]
    pub release: Vec<String>,
    /// Methods meant for `with`: they hand out a connection and give it back.
    #[serde(default)]
    pub guarded: Vec<String>,
    /// Acquire methods that hand out another resource type than `resource`.
    #[serde(default)]
    pub returns: HashMap<String, String>,
    /// Whether `close()` on a pooled connection gives it back to this pool.
    #[serde(default)]
    pub close_returns: bool,
    /// Whether `close()` on a pooled connection frees its slot but throws the
    /// connection away (the next acquire opens a new one), as asyncpg does.
    #[serde(default)]
    pub close_discards: bool,
    /// Methods that close every connection of the pool.
    #[serde(default)]
    pub close_all: Vec<String>,
    /// Pool-level queries: each checks a connection out for the call
    /// (asyncpg's `pool.fetchrow(...)`).
    #[serde(default)]
    pub queries: Vec<String>,
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// Human name used in messages.
    #[serde(default)]
    pub display: Option<String>,
    /// The constructor's signature, for CL203 (absent: not checked).
    #[serde(default)]
    pub signature: Option<PoolSignature>,
    #[serde(default)]
    pub why: String,
}

/// What a pool constructor accepts (CL203), taken from the library's source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolSignature {
    /// Keyword parameters of the constructor itself.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Where other keywords go (`psycopg2.connect`): a `[[signature]]` call.
    /// Absent: other keywords are errors, unless `open` is set.
    #[serde(default)]
    pub passes_to: Option<String>,
    /// Any keyword is accepted (`**kwargs` that are not checked).
    #[serde(default)]
    pub open: bool,
    /// The minimum-size parameter and its position (`minconn`, 0).
    #[serde(default)]
    pub min: Option<(String, u32)>,
    /// The maximum-size parameter and its position (`maxconn`, 1).
    #[serde(default)]
    pub max: Option<(String, u32)>,
    /// Whether the maximum may be 0 (unbounded in some libraries).
    #[serde(default)]
    pub max_zero_ok: bool,
    /// Which library version this was read from.
    #[serde(default)]
    pub source: String,
}

/// The keyword parameters of a connect function that pools pass keywords to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SignatureDef {
    pub call: String,
    pub keywords: Vec<String>,
    /// Any keyword is accepted (for example libpq's, checked by the server).
    #[serde(default)]
    pub open: bool,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FactoryDef {
    /// Classes whose instances, when called, return a fresh resource (`sessionmaker`).
    pub class: Vec<String>,
    pub resource: String,
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallList {
    pub call: Vec<String>,
    #[serde(default)]
    pub why: String,
}

/// A session scoped to a web request or app context, which keeps the
/// connection of its first query until it is committed, rolled back or
/// removed at the request's teardown (Flask-SQLAlchemy's `db.session`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScopedSessionDef {
    /// How messages name it (`Flask-SQLAlchemy's db.session`).
    pub name: String,
    /// Model base classes whose `query` attribute queries the session.
    #[serde(default)]
    pub model: Vec<String>,
    /// Calls that query through the session (entries as in `slow`).
    pub uses: Vec<String>,
    /// Calls under `uses` that do not query (`db.session.add`).
    #[serde(default)]
    pub not_uses: Vec<String>,
    /// Calls that give the connection back (`db.session.commit`).
    pub ends: Vec<String>,
    #[serde(default)]
    pub why: String,
}

/// What a call does to a scoped session (see `ScopedSessionDef`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCall<'a> {
    /// Queries through the session named so: it holds a connection from here.
    Uses(&'a str),
    /// Gives the session's connection back.
    Ends,
}

/// A catalog file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CatalogFile {
    /// Database name → driver modules that talk to it.
    #[serde(default)]
    pub backends: HashMap<String, Vec<String>>,
    #[serde(default)]
    pub resource: Vec<ResourceDef>,
    #[serde(default)]
    pub acquire: Vec<AcquireDef>,
    #[serde(default)]
    pub pool: Vec<PoolDef>,
    #[serde(default)]
    pub factory: Vec<FactoryDef>,
    /// Wrappers that close their argument when their `with` block ends (`contextlib.closing`).
    #[serde(default)]
    pub closer: Vec<CallList>,
    /// Callees that take ownership of a resource passed to them (`ExitStack.enter_context`).
    #[serde(default)]
    pub owner: Vec<CallList>,
    /// Decorators that make a generator function a context manager.
    #[serde(default)]
    pub context_manager: Vec<CallList>,
    /// Signatures of connect functions that pools pass keywords to (CL203).
    #[serde(default)]
    pub signature: Vec<SignatureDef>,
    /// Calls that wait on something slow: network, a model, a sleep (CL302).
    #[serde(default)]
    pub slow: Vec<CallList>,
    /// Request-scoped sessions (CL302 across a request's slow calls).
    #[serde(default)]
    pub scoped_session: Vec<ScopedSessionDef>,
}

pub type ResourceId = usize;
pub type AcquireId = usize;
pub type PoolId = usize;
pub type FactoryId = usize;

/// The loaded, indexed catalog.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pub resources: Vec<ResourceDef>,
    pub acquires: Vec<AcquireDef>,
    pub pools: Vec<PoolDef>,
    pub factories: Vec<FactoryDef>,
    resource_by_type: HashMap<String, ResourceId>,
    acquire_by_call: HashMap<String, AcquireId>,
    pool_by_class: HashMap<String, PoolId>,
    factory_by_class: HashMap<String, FactoryId>,
    closers: HashSet<String>,
    owners: HashSet<String>,
    cm_decorators: HashSet<String>,
    /// (module prefix, backend), longest prefix first.
    backend_modules: Vec<(String, String)>,
    /// Every top-level module the catalog names (`psycopg2`, `sqlalchemy`, ...).
    roots: Vec<String>,
    /// Project functions configured as releasers of their first argument.
    releasers: HashSet<String>,
    /// Connect functions' keyword parameters, by call.
    pub signatures: HashMap<String, SignatureDef>,
    /// Slow calls (exact qualified names, or `module.*` prefixes).
    slow: Vec<String>,
    pub scoped_sessions: Vec<ScopedSessionDef>,
}

/// What a qualified name is, to the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CatalogItem {
    Acquire(AcquireId),
    PoolClass(PoolId),
    FactoryClass(FactoryId),
    Closer,
    Owner,
    ContextManagerDecorator,
    Releaser,
}

impl Catalog {
    /// The built-in catalog for Python. It is parsed and indexed once per
    /// process (a `--fix` run checks several times; the fuzz targets run
    /// thousands of checks) and cloned for each run, which may extend it.
    pub fn python() -> Result<Catalog, CatalogError> {
        static BUILT_IN: std::sync::OnceLock<Result<Catalog, CatalogError>> =
            std::sync::OnceLock::new();
        let built = BUILT_IN.get_or_init(|| {
            let mut catalog = Catalog::default();
            parse_file(PYTHON_CATALOG, "rules/catalog/python.toml")
                .and_then(|file| catalog.extend(file, "rules/catalog/python.toml"))
                .map(|()| catalog)
        });
        built.clone()
    }

    /// Adds the entries of `file` (from `origin`, named in errors).
    pub fn extend(&mut self, file: CatalogFile, origin: &str) -> Result<(), CatalogError> {
        let mut backends: Vec<_> = file.backends.into_iter().collect();
        backends.sort();
        for (backend, modules) in backends {
            for module in modules {
                self.note_root(&module);
                self.backend_modules.push((module, backend.clone()));
            }
        }
        self.backend_modules
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        for r in file.resource {
            self.resource_by_type
                .insert(r.ty.clone(), self.resources.len());
            self.resources.push(r);
        }
        for a in file.acquire {
            self.check_resource(origin, "[[acquire]]", &a.call, &a.resource)?;
            for call in &a.call {
                self.note_root(call);
                self.acquire_by_call
                    .insert(call.clone(), self.acquires.len());
            }
            self.acquires.push(a);
        }
        for p in file.pool {
            self.check_resource(origin, "[[pool]]", &p.class, &p.resource)?;
            let mut returned: Vec<&String> = p.returns.values().collect();
            returned.sort();
            for r in returned {
                self.check_resource(origin, "[[pool]]", &p.class, r)?;
            }
            for class in &p.class {
                self.note_root(class);
                self.pool_by_class.insert(class.clone(), self.pools.len());
            }
            self.pools.push(p);
        }
        for f in file.factory {
            self.check_resource(origin, "[[factory]]", &f.class, &f.resource)?;
            for class in &f.class {
                self.note_root(class);
                self.factory_by_class
                    .insert(class.clone(), self.factories.len());
            }
            self.factories.push(f);
        }
        for c in file.closer {
            for call in c.call {
                self.closers.insert(call);
            }
        }
        for c in file.owner {
            for call in c.call {
                self.owners.insert(call);
            }
        }
        for c in file.context_manager {
            for call in c.call {
                self.cm_decorators.insert(call);
            }
        }
        for sig in file.signature {
            self.signatures.insert(sig.call.clone(), sig);
        }
        for c in file.slow {
            self.slow.extend(c.call);
        }
        for mut d in file.scoped_session {
            for call in &d.uses {
                self.note_root(call);
            }
            d.model.sort();
            self.scoped_sessions.push(d);
        }
        self.slow.sort();
        self.slow.dedup();
        self.roots.sort();
        self.roots.dedup();
        Ok(())
    }

    fn check_resource(
        &self,
        origin: &str,
        section: &'static str,
        calls: &[String],
        resource: &str,
    ) -> Result<(), CatalogError> {
        if self.resource_by_type.contains_key(resource) {
            Ok(())
        } else {
            Err(CatalogError::UnknownResource {
                origin: origin.to_owned(),
                section,
                entry: calls.first().cloned().unwrap_or_default(),
                resource: resource.to_owned(),
            })
        }
    }

    fn note_root(&mut self, path: &str) {
        let root = path.split('.').next().unwrap_or(path);
        if root == "builtins" {
            // `open`, not `builtins`, is what a file that uses it mentions.
            self.roots
                .push(path.rsplit('.').next().unwrap_or(path).to_owned());
        } else if !root.is_empty() {
            self.roots.push(root.to_owned());
        }
    }

    /// Registers a project function as a releaser of its first argument.
    pub fn add_releaser(&mut self, qualname: &str) {
        self.releasers.insert(qualname.to_owned());
    }

    /// What `qualname` is in the catalog, if anything.
    #[must_use]
    pub fn lookup(&self, qualname: &str) -> Option<CatalogItem> {
        if let Some(&id) = self.acquire_by_call.get(qualname) {
            return Some(CatalogItem::Acquire(id));
        }
        if let Some(&id) = self.pool_by_class.get(qualname) {
            return Some(CatalogItem::PoolClass(id));
        }
        if let Some(&id) = self.factory_by_class.get(qualname) {
            return Some(CatalogItem::FactoryClass(id));
        }
        if self.closers.contains(qualname) {
            return Some(CatalogItem::Closer);
        }
        if self.owners.contains(qualname) {
            return Some(CatalogItem::Owner);
        }
        if self.cm_decorators.contains(qualname) {
            return Some(CatalogItem::ContextManagerDecorator);
        }
        if self.releasers.contains(qualname) {
            return Some(CatalogItem::Releaser);
        }
        None
    }

    #[must_use]
    pub fn resource_id(&self, ty: &str) -> Option<ResourceId> {
        self.resource_by_type.get(ty).copied()
    }

    #[must_use]
    pub fn resource(&self, id: ResourceId) -> &ResourceDef {
        &self.resources[id]
    }

    #[must_use]
    pub fn pool(&self, id: PoolId) -> &PoolDef {
        &self.pools[id]
    }

    #[must_use]
    pub fn acquire(&self, id: AcquireId) -> &AcquireDef {
        &self.acquires[id]
    }

    /// The backend a driver module talks to (`psycopg2.extras` → `postgres`).
    #[must_use]
    pub fn backend_of_module(&self, module: &str) -> Option<&str> {
        self.backend_modules.iter().find_map(|(prefix, backend)| {
            let matches = module == prefix
                || (module.starts_with(prefix.as_str())
                    && module.as_bytes().get(prefix.len()) == Some(&b'.'));
            matches.then_some(backend.as_str())
        })
    }

    /// The backend named by a database URL's scheme (`postgresql+psycopg2://` → `postgres`).
    #[must_use]
    pub fn backend_of_url(url: &str) -> Option<&'static str> {
        let scheme = url.split("://").next()?;
        let dialect = scheme.split('+').next()?.to_ascii_lowercase();
        match dialect.as_str() {
            "postgresql" | "postgres" | "cockroachdb" => Some("postgres"),
            "mysql" | "mariadb" => Some("mysql"),
            "sqlite" => Some("sqlite"),
            _ => None,
        }
    }

    /// What a file must mention for a catalog API to be used in it: the API's
    /// top-level module and its own name (`psycopg2` + `connect`), or only its
    /// name for builtins (`open`). Used to skip files before parsing them.
    #[must_use]
    pub fn prefilter_names(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let paths = self
            .acquires
            .iter()
            .flat_map(|a| a.call.iter())
            .chain(self.pools.iter().flat_map(|p| p.class.iter()))
            .chain(self.factories.iter().flat_map(|f| f.class.iter()));
        for p in paths {
            let root = p.split('.').next().unwrap_or(p);
            let leaf = p.rsplit('.').next().unwrap_or(p);
            if root == "builtins" || root == leaf {
                out.push(vec![leaf.to_owned()]);
            } else {
                out.push(vec![root.to_owned(), leaf.to_owned()]);
            }
        }
        // The module that makes a scoped session (`db = SQLAlchemy()`); its
        // models and their users follow through the relevant names.
        for d in &self.scoped_sessions {
            for m in &d.model {
                out.push(vec![m.split('.').next().unwrap_or(m).to_owned()]);
            }
        }
        // A sync connection's type (`db: sqlite3.Connection`): a class keeping
        // one handed in runs its queries on whatever calls it (CL301).
        for r in self.resources.iter().filter(|r| !r.is_async) {
            let root = r.ty.split('.').next().unwrap_or(&r.ty);
            let leaf = r.ty.rsplit('.').next().unwrap_or(&r.ty);
            if root != leaf {
                out.push(vec![root.to_owned(), leaf.to_owned()]);
            }
        }
        // Modules that make slow calls matter to CL302 through the summaries.
        // Sleeps and subprocesses are everywhere: a helper whose only slow call
        // is one of those is followed only if its module is read anyway.
        for call in &self.slow {
            let root = call.split('.').next().unwrap_or(call);
            if matches!(root, "time" | "asyncio" | "subprocess") {
                continue;
            }
            if call.ends_with('*') {
                out.push(vec![root.to_owned()]);
            } else {
                let leaf = call.rsplit('.').next().unwrap_or(call);
                if root == leaf {
                    out.push(vec![leaf.to_owned()]);
                } else {
                    out.push(vec![root.to_owned(), leaf.to_owned()]);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Last names of the slow calls (`sleep`, `create`, `get`).
    #[must_use]
    pub fn slow_leaves(&self) -> Vec<String> {
        self.slow
            .iter()
            .filter(|c| !c.ends_with('*'))
            .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned())
            .collect()
    }

    /// Whether a qualified call is slow (network, model, sleep): an exact entry
    /// or a `module.*` entry covering it.
    #[must_use]
    pub fn is_slow(&self, qualname: &str) -> bool {
        // `module.*` covers the names directly under it (`requests.get`), not what
        // their results are used for (`requests.get(...).json()`).
        self.slow.iter().any(|s| covers(s, qualname))
    }

    /// Whether `path` is the model base of a scoped session (`db.Model`).
    #[must_use]
    pub fn is_session_model(&self, path: &str) -> bool {
        self.scoped_sessions
            .iter()
            .any(|d| d.model.iter().any(|m| m == path))
    }

    /// What a qualified call does to a scoped session, if anything.
    #[must_use]
    pub fn session_call(&self, qualname: &str) -> Option<SessionCall<'_>> {
        for d in &self.scoped_sessions {
            if d.ends.iter().any(|e| covers(e, qualname)) {
                return Some(SessionCall::Ends);
            }
            if d.uses.iter().any(|e| covers(e, qualname))
                && !d.not_uses.iter().any(|e| covers(e, qualname))
            {
                return Some(SessionCall::Uses(&d.name));
            }
        }
        None
    }

    /// Top-level modules the catalog knows (for cheap pre-filtering of files).
    #[must_use]
    pub fn roots(&self) -> &[String] {
        &self.roots
    }
}

/// Parses a catalog file; `origin` names it in errors.
pub fn parse_file(text: &str, origin: &str) -> Result<CatalogFile, CatalogError> {
    toml::from_str(text).map_err(|e| CatalogError::Parse {
        origin: origin.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

/// Whether a catalog entry covers a qualified call: an exact name,
/// `prefix.*` (the names directly under it) or `prefix.**` (every call under
/// it at any depth: an API client whose every method is a request,
/// `vkbottle.API.**` covering `api.messages.send`).
fn covers(entry: &str, qualname: &str) -> bool {
    if let Some(prefix) = entry.strip_suffix(".**") {
        return qualname
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.is_empty());
    }
    match entry.strip_suffix(".*") {
        Some(prefix) => qualname
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('.')),
        None => entry == qualname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_is_consistent() {
        let c = Catalog::python().expect("built-in catalog must load");
        assert!(matches!(
            c.lookup("psycopg2.connect"),
            Some(CatalogItem::Acquire(_))
        ));
        assert!(matches!(
            c.lookup("psycopg2.pool.ThreadedConnectionPool"),
            Some(CatalogItem::PoolClass(_))
        ));
        assert_eq!(c.backend_of_module("psycopg2.extras"), Some("postgres"));
        assert_eq!(c.backend_of_module("psycopg2x"), None);
        assert_eq!(
            Catalog::backend_of_url("postgresql+psycopg2://u@h/db"),
            Some("postgres")
        );
        // every pool's resource and release lists are usable
        for p in &c.pools {
            assert!(c.resource_id(&p.resource).is_some(), "{:?}", p.class);
            assert!(
                !p.acquire.is_empty() || !p.guarded.is_empty(),
                "{:?}",
                p.class
            );
        }
    }

    #[test]
    fn unknown_resource_is_an_error_naming_the_entry() {
        let file = parse_file(
            "[[acquire]]\ncall = [\"x.open\"]\nresource = \"nope\"\n",
            "t.toml",
        )
        .unwrap();
        let err = Catalog::default()
            .extend(file, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("t.toml") && err.contains("x.open") && err.contains("nope"),
            "{err}"
        );
    }

    #[test]
    fn unknown_field_is_an_error() {
        let err = parse_file("[[closer]]\ncalls = [\"a\"]\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("calls"), "{err}");
    }

    #[test]
    fn slow_wildcards_cover_direct_names_or_any_depth() {
        let file = parse_file(
            "[[slow]]\ncall = [\"mysdk.*\", \"vk.API.**\", \"s3.Client.put_object\"]\n",
            "t.toml",
        )
        .unwrap();
        let mut c = Catalog::default();
        c.extend(file, "t.toml").unwrap();
        assert!(c.is_slow("mysdk.fetch"));
        assert!(!c.is_slow("mysdk.client.fetch"), "`.*` is one level");
        assert!(c.is_slow("vk.API.messages.send"));
        assert!(c.is_slow("vk.API.users"));
        assert!(
            !c.is_slow("vk.API"),
            "the prefix itself is no call under it"
        );
        assert!(!c.is_slow("vk.APIX.messages.send"));
        assert!(c.is_slow("s3.Client.put_object"));
        assert!(!c.is_slow("s3.Client.generate_presigned_url"));
        assert!(!c.slow_leaves().iter().any(|l| l.contains('*')));
    }
}
