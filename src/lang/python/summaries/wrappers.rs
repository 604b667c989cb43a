//! Wrapper classes: project classes whose `__enter__` (or `__aenter__`)
//! takes a connection and keeps it on `self` for `__exit__` to give back
//! (`class Cursor: def __enter__(self): self.conn = pool.getconn() ...`).
//! `with Cursor() as cur:` then holds that connection for its block, like a
//! guarded context manager.

use std::sync::Arc;

use super::{Builder, FnEnv};
use crate::lang::python::values::{Evaluator, ResRef, Val, Via};

/// The methods that enter and exit a class's instances, sync and async.
const ENTER: [&str; 2] = ["__enter__", "__aenter__"];
const EXIT: [&str; 2] = ["__exit__", "__aexit__"];

impl Builder<'_> {
    /// The connection that entering an instance of `class` takes and keeps
    /// until its exit, if any. Memoised.
    pub(super) fn wrapper_of(&self, class: &Arc<str>) -> Option<ResRef> {
        if let Some(done) = self.wrappers_memo.borrow().get(class) {
            return done.clone();
        }
        self.wrappers_memo.borrow_mut().insert(class.clone(), None);
        let found = self.compute_wrapper(class);
        self.wrappers_memo
            .borrow_mut()
            .insert(class.clone(), found.clone());
        found
    }

    fn compute_wrapper(&self, class: &Arc<str>) -> Option<ResRef> {
        let lineage = self.lineage(class);
        let method = |names: &[&str]| {
            lineage.iter().find_map(|c| {
                names.iter().find_map(|m| {
                    let key: Arc<str> = Arc::from(format!("{c}.{m}"));
                    self.function_defs.contains_key(&key).then_some(key)
                })
            })
        };
        let enter = method(&ENTER)?;
        // Ex) a class that is only entered (`__exit__` inherited from a library base): unknown
        method(&EXIT)?;
        // What `__enter__` acquires itself: a driver connect, a pool checkout,
        // a project acquirer or a session factory.
        let taken = self
            .call_values(&enter)
            .into_iter()
            .find_map(|(v, _)| match v {
                Val::Resource(r, true) if r.via != Via::Borrowed => Some(r),
                _ => None,
            })?;
        // Ex) `__enter__` that checks a connection out, pings it and puts it
        //     back: kept on `self` only if an attribute holds that resource.
        let kept = lineage.iter().any(|c| {
            self.class_attrs.get(c).is_some_and(|attrs| {
                attrs.iter().any(|a| {
                    let key = format!("{c}.{a}");
                    matches!(
                        crate::lang::python::values::Lookup::value(self, &key),
                        Some(Val::Resource(r, _)) if r.def == taken.def && r.pool == taken.pool
                    )
                })
            })
        });
        kept.then_some(taken)
    }

    /// For a decorator `key` (`def database(f): ... return wrapper`), the
    /// connection its wrapper takes itself while it calls the decorated
    /// function: the decorated function runs with it held.
    pub(super) fn injected_by(&self, key: &Arc<str>) -> Option<ResRef> {
        let (module, f) = self.function_defs.get(key)?;
        if f.params.is_empty() || f.returns.is_empty() {
            return None;
        }
        let env = FnEnv {
            facts: f,
            star_imports: self.star_imports_of(module),
        };
        let ev = Evaluator {
            catalog: self.catalog,
            lookup: self,
        };
        let prefix = format!("{key}.");
        let wrapper = f.returns.iter().find_map(|s| match ev.eval(s, &env) {
            Val::Function { qualname, .. } if qualname.starts_with(&prefix) => Some(qualname),
            _ => None,
        })?;
        let (_, w) = self.function_defs.get(&wrapper)?;
        if !w.calls_outer_param {
            return None;
        }
        // Ex) a wrapper that only retries or logs: it takes no connection itself
        self.call_values(&wrapper)
            .into_iter()
            .find_map(|(v, _)| match v {
                Val::Resource(r, true) if r.pool.as_ref().is_some_and(|p| p.named) => Some(r),
                Val::Cm(inner) => inner
                    .resource()
                    .filter(|r| r.pool.as_ref().is_some_and(|p| p.named))
                    .cloned(),
                _ => None,
            })
    }

    /// `class` and its project base classes, nearest first (bounded).
    fn lineage(&self, class: &Arc<str>) -> Vec<Arc<str>> {
        let mut out: Vec<Arc<str>> = vec![class.clone()];
        let mut i = 0;
        while i < out.len() && out.len() < 16 {
            if let Some(bases) = self.classes.get(&out[i]) {
                for b in bases {
                    if !out.contains(b) && self.classes.contains_key(b) {
                        out.push(b.clone());
                    }
                }
            }
            i += 1;
        }
        out
    }
}
