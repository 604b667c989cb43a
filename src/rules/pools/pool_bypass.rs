//! CL201 pool-bypass: a direct driver connect outside the module that owns the pool.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL201.md"))]

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::config::{self, Evidence};
use crate::lang::python::values::Via;
use crate::lang::rust::scan::FactKind;
use crate::rules::common::{call_text, cm_usage, in_main_block, is_migration, scope_label};
use crate::rules::{
    FixAvailability, PyContext, PythonRule, RsContext, Rule, RuleMeta, RustRule, Status,
};
use crate::source::{Lang, TextRange};

pub struct PoolBypass;

static META: RuleMeta = RuleMeta {
    code: "CL201",
    name: "pool-bypass",
    summary: "a direct driver connect that bypasses the pool (outside the module that owns it; per request in Rust)",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL201.md"),
};

impl Rule for PoolBypass {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }

    fn rust(&self) -> Option<&dyn RustRule> {
        Some(self)
    }
}

impl PythonRule for PoolBypass {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        // Ex) `conftest.py` / `tests/test_db.py` connecting to set up a test database
        if cx.is_test {
            return;
        }
        let module: &str = &cx.file.module;
        // Ex) `app/db.py`, which builds the pool, also opening a connection for a health check
        if cx.project.owns_pool(module) {
            return;
        }
        // Ex) `migrations/versions/0042_backfill.py`, `alembic/env.py`
        if is_migration(&cx.source.path) {
            return;
        }
        for acq in cx.acquisitions {
            if !acq.resource.direct {
                continue;
            }
            // Ex) `get_raw_connection()`, a project helper around `psycopg2.connect`:
            //     reported once, at the connect inside it, whose arguments say where
            if !matches!(acq.resource.via, Via::Catalog(_)) {
                continue;
            }
            // Ex) a one-off script's `if __name__ == "__main__": conn = psycopg2.connect(DSN)`
            if in_main_block(cx.file, acq.call) {
                continue;
            }
            let backend = acq.resource.backend.as_deref();
            let configured = cx.project.configured_pool_modules();
            let reads = config::call_reads(cx.file, acq.call, acq.scope);
            // A shared helper's name is evidence when it is the project's own
            // (`get_database_url()`), not a library's (`urllib.parse.quote_plus()`).
            let counts = |name: &str| match name.split_once('(') {
                None => true,
                Some((head, _)) => head
                    .match_indices('.')
                    .any(|(i, _)| cx.project.is_module(&head[..i])),
            };
            let reaches = |configs: &[Vec<Arc<str>>], owner: &str| {
                if configs.is_empty() {
                    return config::evidence(&reads, None, owner, &counts);
                }
                configs
                    .iter()
                    .find_map(|c| config::evidence(&reads, Some(c), owner, &counts))
            };
            let mut pools = cx.project.pools_for_backend(module, backend).peekable();
            let has_pool = pools.peek().is_some();
            let found = pools.find_map(|o| reaches(&o.configs, &o.module).map(|e| (o, e)));
            let (owner, owner_module, why) = match found {
                Some((o, e)) => (Some(o), o.module.to_string(), e),
                // Ex) `psycopg2.connect(**self.configuration)`: a data source the
                //     caller chose, not the database of the project's pool
                None if has_pool => continue,
                // A configured pool module stands for the project's client-server database.
                None if backend != Some("sqlite") => {
                    let Some((m, e)) = configured
                        .iter()
                        .find_map(|m| reaches(&[], m).map(|e| (m, e)))
                    else {
                        continue;
                    };
                    (None, m.clone(), e)
                }
                // Ex) a project with no pool for this database: nothing to bypass
                None => continue,
            };
            let text = call_text(cx.file, acq.call);
            let mut d = Diagnostic::new(
                &META,
                TextRange::of(acq.call),
                format!(
                    "`{text}` opens its own connection, bypassing the pool owned by `{owner_module}` ({})",
                    because(&why)
                ),
            )
            .label(TextRange::of(acq.call), "a new server connection, outside the pool's limits");
            let help = match cx
                .project
                .guarded_cms_for(owner.and_then(|o| o.pool.as_ref()).map(|p| &*p.id))
                .next()
            {
                Some(cm) => format!(
                    "take a connection from the pool instead: `{}` (`{}`)",
                    cm_usage(cm, "conn"),
                    cm.qualname
                ),
                None => match owner.and_then(|o| o.pool.as_ref()) {
                    Some(p) if p.named => {
                        let def = cx.catalog.pool(p.def);
                        let m = def
                            .guarded
                            .first()
                            .or(def.acquire.first())
                            .map_or("getconn", String::as_str);
                        format!("take a connection from the pool instead: `{}.{m}()`", p.id)
                    }
                    _ => format!("take a connection from the pool in `{owner_module}` instead"),
                },
            };
            d = d
                .help(help)
                .note("every direct connection counts against the server's `max_connections` on top of the pool's");
            out.push(d.scope(scope_label(cx.file, acq.scope)));
        }
    }
}

/// Why the connect reaches the pool's database, for the message.
fn because(why: &Evidence) -> String {
    match why {
        Evidence::Shared(name) => format!("both read `{name}`"),
        Evidence::Literal(key, value) if key == "dsn" => format!("both connect to `{value}`"),
        Evidence::Literal(key, value) => format!("both connect with `{key}={value}`"),
        Evidence::NoArguments => {
            "it names no other database: without arguments it connects to the server's defaults"
                .to_owned()
        }
        Evidence::OwnerName(name) => format!("it reads `{name}` from the pool's module"),
    }
}

impl RustRule for PoolBypass {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        if cx.is_startup {
            return;
        }
        let per_request = |func: usize| {
            let f = cx.func(func);
            !cx.in_test(func)
                && !f.is_main
                && !f.dedicated_session
                && (f.is_handler || cx.project.is_reachable(&f.key))
        };
        for e in cx.facts(|k| matches!(k, FactKind::Connect { sqlite: false, .. })) {
            let f = cx.func(e.func);
            if !per_request(e.func) || cx.project.behaviour_of(&f.key).is_some_and(|b| b.connector)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    e.at,
                    format!("direct connection {} in code that runs per request", e.what),
                )
                .help("check a connection out of the application's pool (`State<PgPool>`, `web::Data<Pool>`) instead")
                .note("every request opens its own server connection, outside the pool's limit: under load the database runs out of connections"),
            );
        }
        for c in &cx.scan.calls {
            if !per_request(c.func)
                || !cx
                    .project
                    .behaviour_of(&c.callee)
                    .is_some_and(|b| b.connector)
            {
                continue;
            }
            let callee = c.callee.rsplit("::").next().unwrap_or(&c.callee);
            out.push(
                Diagnostic::new(
                    &META,
                    c.at,
                    format!("`{callee}` opens a direct connection, in code that runs per request"),
                )
                .help("check a connection out of the application's pool instead")
                .note("every request opens its own server connection, outside the pool's limit: under load the database runs out of connections"),
            );
        }
    }
}
