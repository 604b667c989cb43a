//! The rules: one module per rule, grouped by family, and the registry.
//!
//! A rule reads the per-file context built by the front end (resolved names,
//! acquisitions, summaries) and returns `Diagnostic`s. It never walks files,
//! reads settings beyond its own options, or prints.

pub mod common;
pub mod concurrency;
pub mod hygiene;
pub mod leaks;
pub mod pools;

pub use crate::lang::python::context::{PyContext, PythonRule};
pub use crate::lang::rust::context::{RsContext, RustRule};
pub use crate::rule_meta::{
    ANALYSIS_LIMIT, FixAvailability, PSEUDO_RULES, RuleMeta, SYNTAX_ERROR, Severity, Status,
};

/// A rule: its metadata, and its check for each language it covers (each
/// language's front end defines what a check of it receives).
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// The rule's check of Python files, if it has one.
    fn python(&self) -> Option<&dyn PythonRule> {
        None
    }
    /// The rule's check of Rust files, if it has one.
    fn rust(&self) -> Option<&dyn RustRule> {
        None
    }
}

/// Every rule, sorted by code.
pub static RULES: &[&dyn Rule] = &[
    &leaks::manual_connection::ManualConnection,
    &leaks::leak_on_exception::LeakOnException,
    &leaks::leak_on_path::LeakOnPath,
    &leaks::close_instead_of_release::CloseInsteadOfRelease,
    &leaks::with_does_not_close::WithDoesNotClose,
    &leaks::background_task_connection::BackgroundTaskConnection,
    &pools::pool_bypass::PoolBypass,
    &pools::pool_per_call::PoolPerCall,
    &pools::invalid_pool_option::InvalidPoolOption,
    &concurrency::thread_local_connection::ThreadLocalConnection,
    &pools::pool_without_timeout::PoolWithoutTimeout,
    &concurrency::blocking_in_async::BlockingInAsync,
    &concurrency::held_across_slow_call::HeldAcrossSlowCall,
    &leaks::leaked_guard::LeakedGuard,
    &leaks::unfinished_transaction::UnfinishedTransaction,
    &concurrency::nested_acquire::NestedAcquire,
    &hygiene::unused_suppression::UnusedSuppression,
];

/// A set of rules, as indexes into `RULES`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSet(u64);

impl RuleSet {
    #[must_use]
    pub fn empty() -> RuleSet {
        RuleSet(0)
    }

    /// The rules on by default (every stable rule).
    #[must_use]
    pub fn defaults() -> RuleSet {
        let mut s = RuleSet(0);
        for (i, r) in RULES.iter().enumerate() {
            if r.meta().status == Status::Stable {
                s.insert(i);
            }
        }
        s
    }

    pub fn insert(&mut self, i: usize) {
        self.0 |= 1 << i;
    }

    pub fn remove(&mut self, i: usize) {
        self.0 &= !(1 << i);
    }

    #[must_use]
    pub fn contains(&self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }

    #[must_use]
    pub fn contains_code(&self, code: &str) -> bool {
        RULES
            .iter()
            .position(|r| r.meta().code == code)
            .is_some_and(|i| self.contains(i))
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static dyn Rule> + '_ {
        RULES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.contains(*i))
            .map(|(_, r)| *r)
    }
}

/// The rules a selector names: `ALL`, a code (`CL101`), a prefix (`CL1`), or a name (`manual-connection`).
pub fn select(selector: &str) -> Result<RuleSet, String> {
    let sel = selector.trim();
    let mut set = RuleSet::empty();
    if sel.eq_ignore_ascii_case("ALL") {
        for i in 0..RULES.len() {
            set.insert(i);
        }
        return Ok(set);
    }
    let upper = sel.to_ascii_uppercase();
    for (i, r) in RULES.iter().enumerate() {
        let m = r.meta();
        if m.name == sel || (upper.starts_with("CL") && m.code.starts_with(&upper)) {
            set.insert(i);
        }
    }
    if set.is_empty() {
        let known: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
        return Err(format!(
            "unknown rule selector `{sel}` (expected `ALL`, a code such as {}, a code prefix such as `CL1`, or a rule name)",
            known
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(set)
}

/// The rule a code or name refers to.
#[must_use]
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    let upper = code_or_name.trim().to_ascii_uppercase();
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().code == upper || r.meta().name == code_or_name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        assert!(select("CL1").unwrap().contains_code("CL101"));
        assert!(!select("CL1").unwrap().contains_code("CL201"));
        assert!(select("manual-connection").unwrap().contains_code("CL101"));
        assert!(select("cl201").unwrap().contains_code("CL201"));
        assert!(select("ALL").unwrap().contains_code("CL201"));
        assert!(select("CL9").unwrap().contains_code("CL901"));
        let err = select("CL8").unwrap_err();
        assert!(err.contains("CL8"), "{err}");
        assert!(select("manual").is_err());
    }
}
