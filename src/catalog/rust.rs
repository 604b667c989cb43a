//! The Rust half of the catalog: pool, guard and connection types of sqlx,
//! deadpool, bb8, r2d2, diesel, tokio-postgres, mysql_async and sea-orm, the
//! calls that build, check out and connect, and the frameworks' handler and
//! off-load conventions (`rules/catalog/rust.toml`).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::CatalogError;

/// The built-in Rust catalog.
pub const RUST_CATALOG: &str = include_str!("../../rules/catalog/rust.toml");

/// A pool family: the built-in `[[pool]]` entries, and the project's own
/// `[[catalog.rust.pool]]` in `connlint.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolEntry {
    name: String,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    sync: bool,
    #[serde(default)]
    deadpool: bool,
    #[serde(default)]
    constructors: Vec<String>,
    #[serde(default)]
    functions: Vec<String>,
    #[serde(default)]
    builders: Vec<String>,
    #[serde(default)]
    builder_methods: Vec<String>,
    #[serde(default)]
    build: Vec<String>,
    #[serde(default)]
    acquire: Vec<String>,
    #[serde(default)]
    begin: Vec<String>,
    #[serde(default)]
    guards: Vec<String>,
    /// Transaction types: guards that also end in `commit()`/`rollback()`.
    #[serde(default)]
    transactions: Vec<String>,
    #[serde(default)]
    sqlite_types: Vec<String>,
    #[serde(default)]
    configs: Vec<String>,
    #[serde(default)]
    config_build: Vec<String>,
    #[serde(default)]
    timeout_methods: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConnectEntry {
    /// The library, for readers of the catalog.
    #[allow(dead_code)]
    name: String,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    methods: Vec<String>,
    #[serde(default)]
    functions: Vec<String>,
    #[serde(default)]
    sync: bool,
    #[serde(default)]
    sqlite: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RustCatalogFile {
    #[serde(default)]
    pool: Vec<PoolEntry>,
    #[serde(default)]
    connect: Vec<ConnectEntry>,
    #[serde(default)]
    connections: Vec<String>,
    #[serde(default)]
    transaction_methods: Vec<String>,
    #[serde(default)]
    transaction_builders: Vec<String>,
    #[serde(default)]
    transaction_ends: Vec<String>,
    #[serde(default)]
    leak_functions: Vec<String>,
    #[serde(default)]
    leak_methods: Vec<String>,
    #[serde(default)]
    detach_methods: Vec<String>,
    #[serde(default)]
    detach_functions: Vec<String>,
    #[serde(default)]
    consuming_methods: Vec<String>,
    #[serde(default)]
    offload_functions: Vec<String>,
    #[serde(default)]
    offload_methods: Vec<String>,
    #[serde(default)]
    extractors: Vec<String>,
    #[serde(default)]
    extractor_names: Vec<String>,
    #[serde(default)]
    handler_attributes: Vec<String>,
    #[serde(default)]
    route_functions: Vec<String>,
    #[serde(default)]
    route_methods: Vec<String>,
    #[serde(default)]
    middleware_functions: Vec<String>,
    #[serde(default)]
    main_attributes: Vec<String>,
    #[serde(default)]
    test_attributes: Vec<String>,
    #[serde(default)]
    wrappers: Vec<String>,
    #[serde(default)]
    cells: Vec<String>,
    #[serde(default)]
    cell_methods: Vec<String>,
}

/// A pool family (`sqlx`, `deadpool`, `r2d2`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsPool {
    pub name: String,
    /// `get()` blocks the thread (r2d2, mysql).
    pub sync: bool,
    /// Waits forever without a configured wait timeout (CL205).
    pub deadpool: bool,
    pub acquire: Vec<String>,
    pub begin: Vec<String>,
    pub build: Vec<String>,
    pub config_build: Vec<String>,
    pub timeout_methods: Vec<String>,
    /// A handle, not a checkout pool (sea-orm): nothing is acquired from it.
    pub handle_only: bool,
}

pub type RsPoolId = usize;

/// What a catalogued type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeClass {
    Pool(RsPoolId),
    Guard(RsPoolId),
    /// A transaction (`sqlx::Transaction`, `sea_orm::DatabaseTransaction`):
    /// it holds its connection until committed, rolled back or dropped.
    Transaction(RsPoolId),
    /// A connection (direct or pooled) that transactions start on.
    Connection,
    /// A deadpool `Config` whose `create_pool` builds a pool.
    Config(RsPoolId),
    /// `Arc`, `web::Data`, `State`, ...: hands out its type argument.
    Wrapper,
    /// `OnceCell`, `Lazy`, ...: a static's cell.
    Cell,
}

/// A direct-connect call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RsConnect {
    pub sync: bool,
    pub sqlite: bool,
}

/// The loaded, indexed Rust catalog.
#[derive(Debug, Default)]
pub struct RustCatalog {
    pub pools: Vec<RsPool>,
    types: HashMap<String, TypeClass>,
    /// Last segment → full path, for distinctive names that resolve without a `use`.
    distinctive: HashMap<String, String>,
    /// Full call path → pool built (`sqlx::PgPool::connect`, `sea_orm::Database::connect`).
    constructors: HashMap<String, RsPoolId>,
    /// Full call path → pool whose builder it starts (`sqlx::postgres::PgPoolOptions::new`).
    builders: HashMap<String, RsPoolId>,
    connects: HashMap<String, RsConnect>,
    sqlite_pools: HashSet<String>,
    /// Crate names the catalog knows (`sqlx`, `deadpool_postgres`, ...).
    pub crates: Vec<String>,
    /// Last segments of the types a project declared in `[[catalog.rust.pool]]`.
    declared: HashMap<String, TypeClass>,
    pub transaction_methods: HashSet<String>,
    pub transaction_builders: HashSet<String>,
    pub transaction_ends: HashSet<String>,
    pub leak_functions: HashSet<String>,
    pub leak_methods: HashSet<String>,
    pub detach_methods: HashSet<String>,
    pub detach_functions: HashSet<String>,
    pub consuming_methods: HashSet<String>,
    pub offload_functions: HashSet<String>,
    pub offload_methods: HashSet<String>,
    pub extractors: HashSet<String>,
    pub extractor_names: HashSet<String>,
    pub handler_attributes: HashSet<String>,
    pub route_functions: HashSet<String>,
    pub route_methods: HashSet<String>,
    pub middleware_functions: HashSet<String>,
    pub main_attributes: HashSet<String>,
    pub test_attributes: HashSet<String>,
    pub cell_methods: HashSet<String>,
}

/// Generic last segments that never resolve without a `use`.
const GENERIC_NAMES: &[&str] = &[
    "Pool",
    "Client",
    "Object",
    "Config",
    "Connection",
    "Conn",
    "Builder",
    "Manager",
    "PooledConnection",
    "Data",
    "State",
    "Extension",
    "Arc",
    "Rc",
    "Box",
    "PooledConn",
    "DbConn",
    // Every database crate has one; a word that would make the prefilter parse
    // most of a dependency tree. Imported, it still resolves by its path.
    "Transaction",
];

fn last(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn set(v: Vec<String>) -> HashSet<String> {
    v.into_iter().collect()
}

impl RustCatalog {
    /// The built-in catalog.
    pub fn builtin() -> Result<RustCatalog, CatalogError> {
        RustCatalog::with_pools(Vec::new())
    }

    /// The built-in catalog plus a project's own pool types
    /// (`[[catalog.rust.pool]]`): their types, guards and transactions are
    /// also known by their last segment, since they are the project's own.
    pub fn with_pools(extra: Vec<PoolEntry>) -> Result<RustCatalog, CatalogError> {
        let mut file: RustCatalogFile =
            toml::from_str(RUST_CATALOG).map_err(|e| CatalogError::Parse {
                origin: "rules/catalog/rust.toml".to_owned(),
                message: e.to_string().trim_end().to_owned(),
            })?;
        let first_extra = file.pool.len();
        file.pool.extend(extra);
        Ok(RustCatalog::index(file, first_extra))
    }

    fn index(file: RustCatalogFile, first_declared: usize) -> RustCatalog {
        let mut c = RustCatalog::default();
        let mut crates: HashSet<String> = HashSet::new();
        for (id, p) in file.pool.iter().enumerate().skip(first_declared) {
            for t in &p.types {
                c.declared.insert(last(t).to_owned(), TypeClass::Pool(id));
            }
            for t in &p.guards {
                c.declared.insert(last(t).to_owned(), TypeClass::Guard(id));
            }
            for t in &p.transactions {
                c.declared
                    .insert(last(t).to_owned(), TypeClass::Transaction(id));
            }
        }
        let mut add_crate = |p: &str| {
            if let Some(first) = p.split("::").next() {
                if p.contains("::") && !matches!(first, "crate" | "self" | "super") {
                    crates.insert(first.to_owned());
                }
            }
        };
        for (id, p) in file.pool.into_iter().enumerate() {
            let handle_only = p.acquire.is_empty();
            for t in &p.types {
                add_crate(t);
                c.types.insert(t.clone(), TypeClass::Pool(id));
                for m in &p.constructors {
                    c.constructors.insert(format!("{t}::{m}"), id);
                }
                for m in &p.builder_methods {
                    c.builders.insert(format!("{t}::{m}"), id);
                }
            }
            for f in &p.functions {
                add_crate(f);
                c.constructors.insert(f.clone(), id);
            }
            for b in &p.builders {
                add_crate(b);
                c.builders.insert(b.clone(), id);
            }
            for g in &p.guards {
                add_crate(g);
                c.types.insert(g.clone(), TypeClass::Guard(id));
            }
            for g in &p.transactions {
                add_crate(g);
                c.types.insert(g.clone(), TypeClass::Transaction(id));
            }
            for g in &p.configs {
                c.types.insert(g.clone(), TypeClass::Config(id));
            }
            c.sqlite_pools.extend(p.sqlite_types.iter().cloned());
            c.pools.push(RsPool {
                name: p.name,
                sync: p.sync,
                deadpool: p.deadpool,
                acquire: p.acquire,
                begin: p.begin,
                build: p.build,
                config_build: p.config_build,
                timeout_methods: p.timeout_methods,
                handle_only,
            });
        }
        for k in file.connect {
            let def = RsConnect {
                sync: k.sync,
                sqlite: k.sqlite,
            };
            for t in &k.types {
                add_crate(t);
                if !c.types.contains_key(t) {
                    c.types.insert(t.clone(), TypeClass::Connection);
                }
                for m in &k.methods {
                    c.connects.insert(format!("{t}::{m}"), def);
                }
            }
            for f in &k.functions {
                add_crate(f);
                c.connects.insert(f.clone(), def);
            }
        }
        for t in file.connections {
            c.types.entry(t).or_insert(TypeClass::Connection);
        }
        for w in file.wrappers {
            c.types.entry(w).or_insert(TypeClass::Wrapper);
        }
        for w in file.cells {
            c.types.entry(w).or_insert(TypeClass::Cell);
        }
        // Distinctive names: a last segment that names one catalogued type.
        let mut by_last: std::collections::BTreeMap<&str, Vec<&String>> =
            std::collections::BTreeMap::new();
        let mut paths: Vec<&String> = c.types.keys().collect();
        paths.sort();
        for path in paths {
            by_last.entry(last(path)).or_default().push(path);
        }
        for (name, paths) in by_last {
            if GENERIC_NAMES.contains(&name) {
                continue;
            }
            let classes: HashSet<TypeClass> = paths.iter().map(|p| c.types[*p]).collect();
            if classes.len() == 1 {
                let mut ps = paths.clone();
                ps.sort();
                c.distinctive.insert(name.to_owned(), ps[0].clone());
            }
        }
        for b in c.builders.keys().chain(c.constructors.keys()) {
            let owner = b.rsplit_once("::").map_or(b.as_str(), |(o, _)| o);
            let name = last(owner);
            if !GENERIC_NAMES.contains(&name) && name.ends_with("Options") {
                c.distinctive
                    .entry(name.to_owned())
                    .or_insert_with(|| owner.to_owned());
            }
        }
        let mut crates: Vec<String> = crates.into_iter().collect();
        crates.sort();
        c.crates = crates;
        c.transaction_methods = set(file.transaction_methods);
        c.transaction_builders = set(file.transaction_builders);
        c.transaction_ends = set(file.transaction_ends);
        c.leak_functions = set(file.leak_functions);
        c.leak_methods = set(file.leak_methods);
        c.detach_methods = set(file.detach_methods);
        c.detach_functions = set(file.detach_functions);
        c.consuming_methods = set(file.consuming_methods);
        c.offload_functions = set(file.offload_functions);
        c.offload_methods = set(file.offload_methods);
        c.extractors = set(file.extractors);
        c.extractor_names = set(file.extractor_names);
        c.handler_attributes = set(file.handler_attributes);
        c.route_functions = set(file.route_functions);
        c.route_methods = set(file.route_methods);
        c.middleware_functions = set(file.middleware_functions);
        c.main_attributes = set(file.main_attributes);
        c.test_attributes = set(file.test_attributes);
        c.cell_methods = set(file.cell_methods);
        c
    }

    /// What a fully resolved type path is.
    #[must_use]
    pub fn type_class(&self, path: &str) -> Option<TypeClass> {
        self.types.get(path).copied()
    }

    /// A type the project declared in `[[catalog.rust.pool]]`, by its last segment.
    #[must_use]
    pub fn declared(&self, name: &str) -> Option<TypeClass> {
        self.declared.get(name).copied()
    }

    /// The full path of a distinctive type name used without a `use` (`PgPool`).
    #[must_use]
    pub fn distinctive(&self, name: &str) -> Option<&str> {
        self.distinctive.get(name).map(String::as_str)
    }

    /// The pool a constructor call path builds.
    #[must_use]
    pub fn constructor(&self, call: &str) -> Option<RsPoolId> {
        self.constructors.get(call).copied()
    }

    /// The pool whose builder a call path starts.
    #[must_use]
    pub fn builder(&self, call: &str) -> Option<RsPoolId> {
        self.builders.get(call).copied()
    }

    #[must_use]
    pub fn connect(&self, call: &str) -> Option<RsConnect> {
        self.connects.get(call).copied()
    }

    /// Whether the constructor path builds a SQLite pool.
    #[must_use]
    pub fn is_sqlite_pool_call(&self, call: &str) -> bool {
        call.rsplit_once("::")
            .is_some_and(|(owner, _)| self.sqlite_pools.contains(owner))
    }

    /// Whether a crate's name is catalogued (`sqlx`, `r2d2`, ...).
    #[must_use]
    pub fn knows_crate(&self, name: &str) -> bool {
        self.crates.iter().any(|c| c == name)
    }

    /// Words whose presence makes a Rust file worth parsing.
    #[must_use]
    pub fn prefilter_words(&self) -> Vec<String> {
        // A crate is used through a path (`use sqlx::..`, `sqlx::query(..)`,
        // `#[sqlx::test]`): the word alone also matches prose ("Postgres").
        let mut words: Vec<String> = self.crates.iter().map(|c| format!("{c}::")).collect();
        words.extend(
            self.distinctive
                .iter()
                // Transactions: a file that names one imports it from its
                // crate (`sqlx::`, `sea_orm::`), a word already here; the
                // bare name is mostly the driver crates' own code.
                .filter(|(_, full)| {
                    !matches!(
                        self.types.get(*full),
                        Some(TypeClass::Cell | TypeClass::Wrapper | TypeClass::Transaction(_))
                    )
                })
                .map(|(name, _)| name.clone()),
        );
        words.retain(|w| w != "lazy_static");
        words.sort();
        words.dedup();
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_indexes() {
        let c = RustCatalog::builtin().unwrap();
        let sqlx = c.pools.iter().position(|p| p.name == "sqlx").unwrap();
        assert_eq!(c.type_class("sqlx::PgPool"), Some(TypeClass::Pool(sqlx)));
        assert_eq!(c.constructor("sqlx::PgPool::connect"), Some(sqlx));
        assert_eq!(c.builder("sqlx::postgres::PgPoolOptions::new"), Some(sqlx));
        assert_eq!(c.distinctive("PgPool"), Some("sqlx::PgPool"));
        assert!(c.distinctive("Pool").is_none());
        assert!(c.distinctive("PgPoolOptions").is_some());
        let r2d2 = c.pools.iter().position(|p| p.name == "r2d2").unwrap();
        assert!(c.pools[r2d2].sync);
        assert_eq!(c.builder("diesel::r2d2::Pool::builder"), Some(r2d2));
        assert!(
            c.connect("sqlx::PgConnection::connect")
                .is_some_and(|k| !k.sync)
        );
        assert!(
            c.connect("diesel::PgConnection::establish")
                .is_some_and(|k| k.sync)
        );
        assert!(c.connect("tokio_postgres::connect").is_some());
        assert!(c.knows_crate("deadpool_postgres"));
        assert!(c.pools.iter().any(|p| p.handle_only));
    }
}
