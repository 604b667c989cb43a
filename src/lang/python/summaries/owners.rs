//! Pool owners: the modules holding a pool in a global or attribute, and the
//! modules constructing one anywhere, with where each construction connects
//! (CL201 asks whether a direct connect reaches the same database).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use super::{ModuleFacts, ModuleInfo, PoolBuild, PoolOwner, PoolSize};
use crate::lang::python::sym::Sym;
use crate::lang::python::values::Val;

/// The project's pool owners, sorted by module and backend. Test, example,
/// documentation and benchmark code owns nothing: its engines are not the
/// application's.
pub(super) fn pool_owners(
    facts: &[&ModuleFacts],
    modules: &HashMap<Arc<str>, ModuleInfo>,
    value_defs: &HashMap<Arc<str>, (Arc<str>, Vec<Sym>)>,
    values: &HashMap<Arc<str>, Val>,
    value_keys: &[Arc<str>],
) -> Vec<PoolOwner> {
    let by_name: HashMap<&str, &ModuleFacts> = facts.iter().map(|m| (&*m.name, *m)).collect();
    let configs = |module: &str, backend: &Option<Arc<str>>| -> Vec<Vec<Arc<str>>> {
        by_name.get(module).map_or_else(Vec::new, |m| {
            m.pool_constructions
                .iter()
                .filter(|b| b.backend == *backend)
                .map(|b| b.reads.clone())
                .collect()
        })
    };
    let sizes = |module: &str, backend: &Option<Arc<str>>| -> Vec<PoolSize> {
        by_name.get(module).map_or_else(Vec::new, |m| {
            m.pool_constructions
                .iter()
                .filter(|b| b.backend == *backend)
                .map(|b| (b.min.clone(), b.max.clone()))
                .collect()
        })
    };
    let mut owners: Vec<PoolOwner> = Vec::new();
    let mut seen: HashSet<(Arc<str>, Option<Arc<str>>)> = HashSet::default();
    for k in value_keys {
        if let Some(Val::Pool(p)) = values.get(k) {
            let module = value_defs[k].0.clone();
            if modules.get(&module).is_some_and(|m| m.is_test) || is_demo_module(&module) {
                continue;
            }
            if seen.insert((module.clone(), p.backend.clone())) {
                let unit = modules
                    .get(&module)
                    .map(|m| m.unit.clone())
                    .unwrap_or_default();
                owners.push(PoolOwner {
                    configs: configs(&module, &p.backend),
                    sizes: sizes(&module, &p.backend),
                    module,
                    unit,
                    backend: p.backend.clone(),
                    pool: Some(p.clone()),
                });
            }
        }
    }
    for m in facts {
        if m.is_test || is_demo_module(&m.name) {
            continue;
        }
        for PoolBuild { backend, .. } in &m.pool_constructions {
            if seen.insert((m.name.clone(), backend.clone())) {
                owners.push(PoolOwner {
                    module: m.name.clone(),
                    unit: m.unit.clone(),
                    backend: backend.clone(),
                    pool: None,
                    configs: configs(&m.name, backend),
                    sizes: sizes(&m.name, backend),
                });
            }
        }
    }
    owners.sort_by(|a, b| {
        a.module
            .cmp(&b.module)
            .then_with(|| a.backend.cmp(&b.backend))
    });
    owners
}

/// Whether a module lives under an examples, docs, benchmarks or migrations package,
/// whose pools demonstrate an API rather than serve the application.
fn is_demo_module(name: &str) -> bool {
    name.split('.').any(|part| {
        matches!(
            part,
            "examples"
                | "example"
                | "docs"
                | "doc"
                | "benchmarks"
                | "benchmark"
                | "bench"
                // alembic's `env.py` builds a `NullPool` engine per command:
                // not the application's pool (CL201 would name it as bypassed)
                | "migrations"
                | "alembic"
        )
    })
}
