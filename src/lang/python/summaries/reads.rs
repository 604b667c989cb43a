//! What pass 2 reads of the project, and what a cached result depends on.
//!
//! A file's findings depend on the parts of the project its check read.
//! While a file is checked with the cache on, every keyed read of the
//! project (a function's summary, a global's value, a module, a class, an
//! alias, a wrapper, a module's releasers) is recorded. The cache keeps the
//! reads with the findings, and a later run replays them against its own
//! project: the findings stand when every answer is the same. What is read
//! without a key (the pools, the guarded context managers, the request
//! model, the names worth evaluating) is hashed whole, once per project, in
//! [`Project::global_hash`]: a change there re-checks every file.
//!
//! An edit that changes a module's facts thus re-checks only the files
//! whose checks read a summary that changed, not the whole project.

use std::cell::RefCell;
use std::sync::Arc;

use super::{FnSummary, PoolOwner, Project, view};
use crate::hash::fnv1a;
use crate::lang::python::values::{FunctionView, Lookup, ResRef, Val};

/// A keyed read of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Read {
    Function,
    Value,
    Class,
    Module,
    Alias,
    Wrapper,
    Releasers,
}

impl Read {
    const ALL: [Read; 7] = [
        Read::Function,
        Read::Value,
        Read::Class,
        Read::Module,
        Read::Alias,
        Read::Wrapper,
        Read::Releasers,
    ];
}

/// Reads as recorded: (the `Read`, the key).
type Recorded = Vec<(u8, Box<str>)>;

thread_local! {
    /// The reads of the check running on this thread, while recorded.
    static READS: RefCell<Option<Recorded>> = const { RefCell::new(None) };
}

/// Notes a read, when this thread records.
fn record(read: Read, key: &str) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push((read as u8, key.into()));
        }
    });
}

/// Runs `f`, recording the keyed reads of the project it makes on this
/// thread (pass 2 checks a file on one thread): sorted, without repeats.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<(u8, String)>) {
    // The recorder is taken back even when `f` panics (the engine catches
    // panics per file, and the thread goes on to other files).
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            READS.with(|r| r.borrow_mut().take());
        }
    }
    READS.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let stop = Stop;
    let out = f();
    let mut reads: Vec<(u8, String)> = READS
        .with(|r| r.borrow_mut().take())
        .unwrap_or_default()
        .into_iter()
        .map(|(t, k)| (t, k.into_string()))
        .collect();
    drop(stop);
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}

/// The bytes of a value, for hashing (postcard: deterministic for plain data).
fn bytes<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).unwrap_or_default()
}

impl Project {
    /// A hash of the project's answers to `reads` (as recorded by
    /// [`recording`]); a read this build does not know changes the hash.
    #[must_use]
    pub fn answers_hash(&self, reads: &[(u8, String)]) -> u64 {
        let mut out = Vec::new();
        for (tag, key) in reads {
            out.push(*tag);
            out.extend_from_slice(&(key.len() as u64).to_le_bytes());
            out.extend_from_slice(key.as_bytes());
            let key = key.as_str();
            let answer = match Read::ALL.iter().find(|r| **r as u8 == *tag) {
                Some(Read::Function) => bytes(&self.functions.get(key)),
                Some(Read::Value) => bytes(&self.values.get(key)),
                Some(Read::Class) => bytes(&self.classes.get(key)),
                Some(Read::Module) => bytes(&self.modules.get(key)),
                Some(Read::Alias) => bytes(&self.aliases.get(key)),
                Some(Read::Wrapper) => bytes(&self.wrappers.get(key)),
                Some(Read::Releasers) => bytes(&self.releasers_of(key)),
                None => vec![0xff; 8],
            };
            out.extend_from_slice(&(answer.len() as u64).to_le_bytes());
            out.extend_from_slice(&answer);
        }
        fnv1a(&out)
    }

    /// A hash of what pass 2 reads of the project without a key: the pools
    /// and their owners, the guarded context managers (with their
    /// summaries), the configured pool modules, the request model, and the
    /// names worth evaluating (`acquirer_names`).
    #[must_use]
    pub fn global_hash(&self) -> u64 {
        let mut holds: Vec<_> = self.request.holds.iter().collect();
        holds.sort();
        let cms: Vec<(&Arc<str>, Option<&FnSummary>)> = self
            .guarded_cms
            .iter()
            .map(|q| (q, self.functions.get(q)))
            .collect();
        let parts = (
            &self.pool_owners,
            cms,
            &self.configured_pool_modules,
            holds,
            &self.request.teardowns,
            self.acquirer_names(),
        );
        fnv1a(&bytes(&parts))
    }

    fn releasers_of(&self, module: &str) -> Vec<&FnSummary> {
        let mut out: Vec<&FnSummary> = self
            .functions
            .values()
            .filter(|f| &*f.module == module && f.releases.contains(&0) && !f.is_context_manager)
            .collect();
        out.sort_by(|a, b| a.qualname.cmp(&b.qualname));
        out
    }

    #[must_use]
    pub fn function(&self, qualname: &str) -> Option<&FnSummary> {
        record(Read::Function, qualname);
        self.functions.get(qualname)
    }

    #[must_use]
    pub fn is_module(&self, name: &str) -> bool {
        record(Read::Module, name);
        self.modules.contains_key(name)
    }

    /// The connection that entering an instance of project class `class`
    /// takes and keeps on `self` until its exit (`with Cursor() as cur:`).
    #[must_use]
    pub fn wrapper(&self, class: &str) -> Option<&ResRef> {
        record(Read::Wrapper, class);
        self.wrappers.get(class)
    }

    #[must_use]
    pub fn is_test_module(&self, name: &str) -> bool {
        record(Read::Module, name);
        self.modules.get(name).is_some_and(|m| m.is_test)
    }

    /// Whether `module` owns a pool (constructs one, holds one, or is configured to).
    #[must_use]
    pub fn owns_pool(&self, module: &str) -> bool {
        self.configured_pool_modules.iter().any(|m| m == module)
            || self.pool_owners.iter().any(|o| &*o.module == module)
    }

    /// The pools that a direct connect to `backend` in `module` would bypass:
    /// those of the module's own distribution.
    pub fn pools_for_backend<'a>(
        &'a self,
        module: &str,
        backend: Option<&'a str>,
    ) -> impl Iterator<Item = &'a PoolOwner> + 'a {
        record(Read::Module, module);
        let unit = self.modules.get(module).map(|m| m.unit.clone());
        self.pool_owners
            .iter()
            .filter(move |o| unit.as_ref().is_none_or(|u| *u == o.unit))
            .filter(move |o| match (o.backend.as_deref(), backend) {
                (Some(a), Some(b)) => a == b,
                // A pool whose database is unknown (`create_engine(settings.URL)`) is taken
                // to serve the client-server databases, not local SQLite files.
                (None, Some(b)) => b != "sqlite",
                (_, None) => false,
            })
    }

    /// The project model in words, for `connlint explain`: the pools and
    /// their owning modules, then each function that hands out, guards or
    /// releases a connection, with what it is; sorted.
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        for o in &self.pool_owners {
            let what = o
                .pool
                .as_ref()
                .map_or_else(|| "a pool".to_owned(), |p| format!("pool `{}`", p.id));
            let backend = o
                .backend
                .as_deref()
                .map_or_else(String::new, |b| format!(" ({b})"));
            // Each constructor call's sizes, where literal: what one
            // process may open (issue 24's pool-capacity rule is to
            // multiply it by the processes).
            let sizes: Vec<String> = o
                .sizes
                .iter()
                .filter_map(|(min, max)| {
                    let part =
                        |s: &Option<(Arc<str>, i64)>| s.as_ref().map(|(n, v)| format!("{n}={v}"));
                    let parts: Vec<String> = [part(min), part(max)].into_iter().flatten().collect();
                    (!parts.is_empty()).then(|| parts.join(", "))
                })
                .collect();
            let sizes = if sizes.is_empty() {
                String::new()
            } else {
                format!(", built with {} per process", sizes.join("; "))
            };
            out.push(format!(
                "{what}{backend} owned by module `{}`{sizes}",
                o.module
            ));
        }
        let mut fns: Vec<&FnSummary> = self.functions.values().collect();
        fns.sort_by(|a, b| a.qualname.cmp(&b.qualname));
        for f in fns {
            let from = |r: &crate::lang::python::values::ResRef| {
                r.pool
                    .as_ref()
                    .map_or_else(String::new, |p| format!(" from `{}`", p.id))
            };
            if let Some(r) = f.guarded_resource() {
                out.push(format!(
                    "context manager `{}`: hands out a connection{} and gives it back on every path",
                    f.qualname,
                    from(r)
                ));
            } else if f.is_acquirer() {
                let pool = f.returns.resource().map_or_else(String::new, from);
                out.push(format!(
                    "acquirer `{}`: returns a fresh connection{pool} that its callers must release",
                    f.qualname
                ));
            }
            if !f.releases.is_empty() {
                let params: Vec<String> = f
                    .releases
                    .iter()
                    .filter_map(|&i| f.params.get(i as usize).map(|p| format!("`{p}`")))
                    .collect();
                out.push(format!(
                    "releaser `{}`: releases its parameter {}",
                    f.qualname,
                    params.join(", ")
                ));
            }
        }
        let mut wrappers: Vec<&Arc<str>> = self.wrappers.keys().collect();
        wrappers.sort();
        for w in wrappers {
            out.push(format!(
                "wrapper class `{w}`: its `__enter__` takes a connection that `__exit__` releases"
            ));
        }
        out
    }

    /// Last names of the project's acquirers, context managers and session factories:
    /// the calls worth evaluating in pass 2.
    #[must_use]
    pub fn acquirer_names(&self) -> Vec<String> {
        let leaf = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
        let mut out: Vec<String> = self
            .functions
            .values()
            // Releasers too: `await Database.release_connection(conn)` in a
            // `finally` is a release, which does not raise.
            .filter(|f| f.is_acquirer() || f.guarded_resource().is_some() || !f.releases.is_empty())
            .map(|f| leaf(&f.qualname))
            .collect();
        #[allow(clippy::iter_over_hash_type)] // sorted below
        out.extend(self.wrappers.keys().map(|k| leaf(k)));
        #[allow(clippy::iter_over_hash_type)] // sorted below
        out.extend(
            self.values
                .iter()
                .filter(|(_, v)| matches!(v, Val::Factory(..) | Val::Pool(_)))
                .map(|(k, _)| leaf(k)),
        );
        out.sort();
        out.dedup();
        out
    }

    /// What a file must mention to be worth parsing, as (module, name) pairs:
    /// the defining module's last name and the entity's name (an acquirer, a
    /// context manager, a factory, a pool-building function, a global holding
    /// a pool or factory, a class holding one in an attribute). Pairs keep
    /// short names (`db`, `e`) from matching every file. A sync helper that
    /// matters only to coroutines (CL301) also needs the word `async`.
    #[must_use]
    pub fn relevant_names(&self) -> Vec<Vec<String>> {
        let pair = |(m, n): &(Arc<str>, Arc<str>)| vec![m.to_string(), n.to_string()];
        let mut out: Vec<Vec<String>> = self.relevant.iter().map(pair).collect();
        out.extend(
            self.relevant_async
                .iter()
                .filter(|p| self.relevant.binary_search(p).is_err())
                .map(|p| [pair(p), vec!["async".to_owned()]].concat()),
        );
        out
    }

    /// Configured pool modules (no inferred pool of a known backend).
    #[must_use]
    pub fn configured_pool_modules(&self) -> &[String] {
        &self.configured_pool_modules
    }

    /// Project functions of `module` that release their first argument
    /// (`release_db_connection(conn)`), sorted by name.
    #[must_use]
    pub fn releasers_in(&self, module: &str) -> Vec<&FnSummary> {
        record(Read::Releasers, module);
        self.releasers_of(module)
    }

    /// The guarded context managers that hand out connections from `pool` (or any, when `None`).
    pub fn guarded_cms_for<'a>(
        &'a self,
        pool: Option<&'a str>,
    ) -> impl Iterator<Item = &'a FnSummary> + 'a {
        self.guarded_cms.iter().filter_map(move |q| {
            let f = self.functions.get(q)?;
            let r = f.guarded_resource()?;
            match (pool, r.pool.as_ref()) {
                (None, _) => Some(f),
                (Some(p), Some(rp)) if &*rp.id == p => Some(f),
                _ => None,
            }
        })
    }
}

impl Lookup for Project {
    fn value(&self, key: &str) -> Option<Val> {
        record(Read::Value, key);
        self.values.get(key).cloned()
    }
    fn function(&self, key: &str) -> Option<FunctionView> {
        record(Read::Function, key);
        self.functions.get(key).map(view)
    }
    fn is_class(&self, key: &str) -> bool {
        record(Read::Class, key);
        self.classes.contains_key(key)
    }
    fn class_bases(&self, key: &str) -> Vec<Arc<str>> {
        record(Read::Class, key);
        self.classes.get(key).cloned().unwrap_or_default()
    }
    fn is_module(&self, key: &str) -> bool {
        record(Read::Module, key);
        self.modules.contains_key(key)
    }
    fn module_alias(&self, name: &str) -> Option<Arc<str>> {
        record(Read::Alias, name);
        self.aliases.get(name).cloned()
    }
}
