//! CL205 pool-without-timeout: a deadpool pool built with no wait timeout.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL205.md"))]

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::rust::scan::FactKind;
use crate::rules::{FixAvailability, RsContext, Rule, RuleMeta, RustRule, Status};
use crate::source::Lang;

pub struct PoolWithoutTimeout;

static META: RuleMeta = RuleMeta {
    code: "CL205",
    name: "pool-without-timeout",
    summary: "a deadpool pool built without a wait timeout: exhaustion hangs instead of failing",
    langs: &[Lang::Rust],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: include_str!("../../../rules/CL205.md"),
};

impl Rule for PoolWithoutTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn rust(&self) -> Option<&dyn RustRule> {
        Some(self)
    }
}

impl RustRule for PoolWithoutTimeout {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>) {
        for e in cx.facts(|k| matches!(k, FactKind::PoolBuilt { .. })) {
            let FactKind::PoolBuilt {
                deadpool,
                wait_timeout,
                ..
            } = e.kind
            else {
                continue;
            };
            // Ex) `sqlx::PgPoolOptions::new().connect(url)`: only deadpool waits forever by default
            if !deadpool {
                continue;
            }
            // Ex) `Pool::builder(m).wait_timeout(Some(d)).runtime(Runtime::Tokio1).build()`,
            //     or a `PoolConfig` with `timeouts.wait` set in the same function;
            //     `cfg.create_pool(..)` on a configuration passed in cannot be told
            if wait_timeout != Some(false) {
                continue;
            }
            // Ex) a test building a throwaway pool
            if cx.in_test(e.func) {
                continue;
            }
            out.push(
                Diagnostic::new(&META, e.at, format!("{} built without a wait timeout", e.what))
                    .help("set one: `.wait_timeout(Some(Duration::from_secs(5)))` with `.runtime(Runtime::Tokio1)` on the builder, or `timeouts: Timeouts { wait: Some(..), .. }` in its `PoolConfig`")
                    .note("deadpool's timeouts are all `None` by default: when the pool is exhausted `pool.get().await` waits forever instead of failing"),
            );
        }
    }
}
