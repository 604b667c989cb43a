//! What calling a project function does: the slow calls it makes, the pools
//! it takes connections from, the database work it runs synchronously,
//! directly or through the project functions it calls.

use std::sync::Arc;

use super::{Builder, Effects, FnEnv, ParamUse};
use crate::catalog::SessionCall;
use crate::lang::python::dbapi;
use crate::lang::python::sym::Sym;
use crate::lang::python::values::{Evaluator, Val};

impl Builder<'_> {
    /// Whether a call's callee is named like something that acquires, guards,
    /// waits or is a project function: only those are evaluated.
    pub(super) fn may_matter(&self, call: &Sym) -> bool {
        let Sym::Call(inner, _) = call else {
            return false;
        };
        let leaf: &str = match &**inner {
            Sym::Global(p) => p.rsplit('.').next().unwrap_or(p),
            Sym::Attr(_, n) | Sym::Local(_, n) | Sym::Unresolved(n) => n,
            _ => return false,
        };
        if self.call_leaves.contains(leaf) {
            return true;
        }
        self.session_leaves.contains(leaf) && through_session(inner)
    }

    /// What each call of function `key` evaluates to, with the callee's own value.
    pub(super) fn call_values(&self, key: &Arc<str>) -> Vec<(Val, Val)> {
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
        f.calls
            .iter()
            .filter(|c| self.may_matter(c))
            .map(|c| ev.eval_call(c, &env))
            .collect()
    }

    /// What calling `key` does, directly or through project functions: the
    /// first slow call it makes and the pools it takes connections from.
    /// Memoised; cycles and chains deeper than 4 calls are cut.
    pub(super) fn effects_of(
        &self,
        key: &Arc<str>,
        depth: u32,
        visiting: &mut Vec<Arc<str>>,
    ) -> Effects {
        if let Some(done) = self.effects_memo.borrow().get(key) {
            return done.clone();
        }
        if depth > 4 || visiting.contains(key) {
            return Effects::default();
        }
        let mut effects = Effects::default();
        // Configured as slow itself (`[[catalog.slow]] call = ["app.llm.complete"]`).
        if self.catalog.is_slow(key) {
            effects.slow_call = Some(key.clone());
        }
        visiting.push(key.clone());
        for (value, callee) in self.call_values(key) {
            let pool = match &value {
                Val::Resource(r, true) => r.pool.as_ref().map(|p| p.id.clone()),
                Val::Cm(inner) => inner
                    .resource()
                    .and_then(|r| r.pool.as_ref())
                    .map(|p| p.id.clone()),
                _ => None,
            };
            if let Some(p) = pool {
                effects.acquires_from.push(p);
            }
            // Ex) `sqlite3.connect(path)`, `pool.getconn()` of a sync pool,
            //     `with get_db_cursor() as (cur, conn):` over one
            let taken = match &value {
                Val::Resource(r, true) => Some(r),
                Val::Cm(inner) => inner.resource(),
                _ => None,
            };
            if taken.is_some_and(|r| !r.is_async) {
                effects
                    .sync_db
                    .get_or_insert_with(|| Arc::from("a sync connect or checkout"));
            }
            match callee {
                // Ex) `await pool.fetchrow(...)`: a checkout for the one query
                Val::PoolMethod(p, m)
                    if self.catalog.pool(p.def).queries.iter().any(|q| **q == *m) =>
                {
                    effects.acquires_from.push(p.id);
                }
                Val::External(p) | Val::Catalog(_, p) if self.catalog.is_slow(&p) => {
                    effects.slow_call.get_or_insert(p);
                }
                Val::External(p) if self.catalog.session_call(&p).is_some() => {
                    if let Some(SessionCall::Uses(name)) = self.catalog.session_call(&p) {
                        effects.session_use.get_or_insert_with(|| Arc::from(name));
                    }
                }
                Val::Function { qualname, .. } => {
                    let inner = self.effects_of(&qualname, depth + 1, visiting);
                    if inner.slow_call.is_some() {
                        effects.slow_call.get_or_insert(qualname.clone());
                    }
                    let sync_callee = self
                        .function_defs
                        .get(&qualname)
                        .is_some_and(|(_, g)| !g.is_async);
                    if inner.sync_db.is_some() && sync_callee {
                        // Ex) "database work in `ContextAnalyzer._find_exact()`"
                        let mut parts = qualname.rsplit('.');
                        let name = match (parts.next(), parts.next()) {
                            (Some(f), Some(owner))
                                if self.classes.contains_key(
                                    qualname.rsplit_once('.').map_or("", |(o, _)| o),
                                ) =>
                            {
                                format!("{owner}.{f}")
                            }
                            (Some(f), _) => f.to_owned(),
                            _ => qualname.to_string(),
                        };
                        effects.sync_db.get_or_insert_with(|| {
                            Arc::from(format!("database work in `{name}()`"))
                        });
                    }
                    if let Some(held) = inner.session_use {
                        effects.session_use.get_or_insert(held);
                    }
                    effects.acquires_from.extend(inner.acquires_from);
                }
                // Ex) `CONN.cursor()` on a module-global sqlite3 connection
                Val::ResourceMethod(r, m) if !r.is_async && dbapi::DBAPI_METHODS.contains(&&*m) => {
                    effects
                        .sync_db
                        .get_or_insert_with(|| Arc::from(format!("`.{m}()`")));
                }
                _ => {}
            }
        }
        // Ex) `with Cursor() as cur:` on a wrapper class whose `__enter__` checks out
        if let Some((module, f)) = self.function_defs.get(key) {
            let env = FnEnv {
                facts: f,
                star_imports: self.star_imports_of(module),
            };
            let ev = Evaluator {
                catalog: self.catalog,
                lookup: self,
            };
            // Ex) `@database def register_user(...)`: each call takes the decorator's connection
            for d in &f.decorators {
                if let Val::Function { qualname, .. } = ev.eval(d, &env) {
                    if let Some(p) = self.injected_by(&qualname).and_then(|r| r.pool) {
                        effects.acquires_from.push(p.id);
                    }
                }
            }
            for s in &f.entered {
                let Val::Instance(class) = ev.eval(s, &env) else {
                    continue;
                };
                let Some(r) = self.wrapper_of(&class) else {
                    continue;
                };
                if let Some(p) = &r.pool {
                    effects.acquires_from.push(p.id.clone());
                }
                if !r.is_async {
                    effects
                        .sync_db
                        .get_or_insert_with(|| Arc::from("a sync connect or checkout"));
                }
            }
            // Ex) `g.db = psycopg2.connect(...)`: the request holds it until teardown.
            if f.request_stores
                .iter()
                .any(|s| matches!(ev.eval(s, &env), Val::Resource(_, true)))
            {
                effects
                    .session_use
                    .get_or_insert_with(|| Arc::from("the request's `flask.g`"));
            }
            // Ex) `def db_update_map(connection): connection.cursor().execute(...)`
            if !f.is_async && effects.sync_db.is_none() {
                let uses = f.param_uses.iter().filter_map(|u| match u {
                    ParamUse::Method { param, method } => Some((
                        f.params.get(*param as usize).map_or("", |n| &**n),
                        &**method,
                    )),
                    ParamUse::Arg { .. } => None,
                });
                effects.sync_db = dbapi::work_on_parameters(uses, &f.calls);
            }
        }
        visiting.pop();
        effects.acquires_from.sort();
        effects.acquires_from.dedup();
        // Results computed inside a cycle may be partial: only top-level ones are kept.
        if visiting.is_empty() {
            self.effects_memo
                .borrow_mut()
                .insert(key.clone(), effects.clone());
        }
        effects
    }
}

/// Whether a callee's chain goes through an attribute named `session` or
/// `query` (`db.session.execute`, `User.query.filter_by(...).first`).
fn through_session(sym: &Sym) -> bool {
    match sym {
        Sym::Attr(inner, name) => matches!(&**name, "session" | "query") || through_session(inner),
        Sym::Call(inner, _) => through_session(inner),
        _ => false,
    }
}
