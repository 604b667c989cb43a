//! Which parameters a project function releases (`conn.close()`,
//! `pool.putconn(conn)`, or handing it to another function that does): a
//! caller's connection passed there is released by the call.

use std::sync::Arc;

use super::{Builder, FnEnv, ParamUse, Slot};
use crate::catalog::CatalogItem;
use crate::lang::python::values::{Evaluator, Val};

impl Builder<'_> {
    fn compute_releases(&self, key: &Arc<str>) -> Vec<u32> {
        let Some((module, f)) = self.function_defs.get(key) else {
            return Vec::new();
        };
        let env = FnEnv {
            facts: f,
            star_imports: self.star_imports_of(module),
        };
        let ev = Evaluator {
            catalog: self.catalog,
            lookup: self,
        };
        let mut out = Vec::new();
        for u in &f.param_uses {
            // Ex) `if conn is None: conn = pool.getconn()` ... `pool.putconn(conn)`:
            //     the function gives back its own connection, never the caller's
            let param = match u {
                ParamUse::Method { param, .. } | ParamUse::Arg { param, .. } => *param,
            };
            if f.rebound_params.contains(&param) {
                continue;
            }
            let (param, releases) = match u {
                ParamUse::Method { param, method } => (
                    *param,
                    self.catalog
                        .resources
                        .iter()
                        .any(|r| r.release.iter().any(|m| **m == **method)),
                ),
                ParamUse::Arg {
                    param,
                    callee,
                    index,
                } => {
                    let released = match ev.eval(callee, &env) {
                        Val::PoolMethod(p, m) => {
                            *index == 0
                                && self.catalog.pool(p.def).release.iter().any(|r| **r == *m)
                        }
                        Val::Catalog(CatalogItem::Releaser, _) => *index == 0,
                        Val::Function { qualname, bound } => {
                            let i = index + u32::from(bound);
                            self.releases_of(&qualname).contains(&i)
                        }
                        _ => false,
                    };
                    (*param, released)
                }
            };
            if releases && !out.contains(&param) {
                out.push(param);
            }
        }
        out.sort_unstable();
        out
    }

    pub(super) fn releases_of(&self, key: &Arc<str>) -> Vec<u32> {
        if let Some(slot) = self.releases.borrow().get(key) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => Vec::new(),
            };
        }
        self.releases
            .borrow_mut()
            .insert(key.clone(), Slot::InProgress);
        let v = self.compute_releases(key);
        self.releases
            .borrow_mut()
            .insert(key.clone(), Slot::Done(v.clone()));
        v
    }
}
