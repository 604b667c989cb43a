//! The rules: one module per rule, grouped by family, and the registry.
//!
//! A rule reads the per-file context built by the front end (resolved names,
//! acquisitions, summaries) and returns `Diagnostic`s. It never walks files,
//! reads settings beyond its own options, or prints.

pub mod common;
pub mod concurrency;
pub mod leaks;
pub mod pools;

use crate::analysis::summaries::Project;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::{Acquisition, Finder};
use crate::source::{Lang, SourceFile};

/// Whether a rule is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Stable,
    /// Opt-in until its precision on real code is measured.
    Preview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Everything about a rule that is not its logic.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line: what it flags.
    pub summary: &'static str,
    pub langs: &'static [Lang],
    pub severity: Severity,
    pub status: Status,
    pub fix: FixAvailability,
    /// The rule's page, `rules/<code>.md`.
    pub doc: &'static str,
}

/// What a Python rule sees of one file.
pub struct PyContext<'a, 't> {
    pub source: &'a SourceFile,
    pub file: &'a PyFile<'t>,
    pub catalog: &'a Catalog,
    pub project: &'a Project,
    pub finder: &'a Finder<'a, 't>,
    pub acquisitions: &'a [Acquisition<'t>],
    /// What the path-sensitive analysis found (only when CL102 or CL103 is on).
    pub leaks: &'a [crate::analysis::leaks::LeakFinding<'t>],
    /// Per local acquisition (index): the code that runs while it may be open.
    pub open: &'a [(usize, Vec<tree_sitter::Node<'t>>)],
    /// Pools built in the file.
    pub pools: &'a [crate::lang::python::resources::PoolConstruction<'t>],
    /// Connections held by `with` statements.
    pub holds: &'a [crate::lang::python::resources::Hold<'t>],
    /// The file is test code (`tests/`, `test_*.py`, `conftest.py`).
    pub is_test: bool,
    /// Every identifier of the file by name, built on first use (see `identifiers`).
    pub idents: &'a std::cell::OnceCell<IdentIndex<'t>>,
}

/// The identifier nodes of a file, by name, in source order.
pub type IdentIndex<'t> = std::collections::HashMap<&'t str, Vec<tree_sitter::Node<'t>>>;

impl<'t> PyContext<'_, 't> {
    /// The identifiers named `name` in the file, in source order: one walk of
    /// the tree for the whole file, so that a fix looking at every
    /// acquisition of a 5,000-acquisition function stays linear.
    #[must_use]
    pub fn identifiers(&self, name: &str) -> &[tree_sitter::Node<'t>] {
        let index = self.idents.get_or_init(|| {
            let mut index: IdentIndex<'t> = std::collections::HashMap::new();
            let mut cursor = self.file.tree.walk();
            // Pre-order, iteratively: no recursion on deep trees.
            loop {
                let n = cursor.node();
                if n.kind() == "identifier" {
                    index.entry(self.file.text_of(n)).or_default().push(n);
                }
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        return index;
                    }
                }
            }
        });
        index.get(name).map_or(&[], Vec::as_slice)
    }
}

/// What a Rust rule sees of one file: the scan's events and project calls, and the summaries.
pub struct RsContext<'a> {
    pub source: &'a SourceFile,
    pub scan: &'a crate::lang::rust::scan::FileScan,
    pub project: crate::analysis::rust_project::Scoped<'a>,
    pub catalog: &'a crate::catalog::rust::RustCatalog,
    /// Test code by path (`tests/`, `benches/`, `examples/`).
    pub is_test: bool,
    /// Start-up code by path (`src/bin/`, `build.rs`, migrations).
    pub is_startup: bool,
    /// `[rules.leaked-guard] detach = true`.
    pub flag_detach: bool,
}

impl RsContext<'_> {
    /// The events of one kind.
    pub fn events<'s>(
        &'s self,
        pred: impl Fn(&crate::lang::rust::scan::EventKind) -> bool + 's,
    ) -> impl Iterator<Item = &'s crate::lang::rust::scan::Event> + 's {
        self.scan.events.iter().filter(move |e| pred(&e.kind))
    }

    /// The function an event or call is in.
    #[must_use]
    pub fn func(&self, i: usize) -> &crate::lang::rust::scan::ScanFn {
        &self.scan.fns[i]
    }

    /// Whether function `i` is test code.
    #[must_use]
    pub fn in_test(&self, i: usize) -> bool {
        self.is_test || self.scan.fns[i].is_test
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_python(&self, _cx: &PyContext<'_, '_>, _out: &mut Vec<Diagnostic>) {}
    fn check_rust(&self, _cx: &RsContext<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// Every rule, sorted by code.
pub static RULES: &[&dyn Rule] = &[
    &leaks::manual_connection::ManualConnection,
    &leaks::leak_on_exception::LeakOnException,
    &leaks::leak_on_path::LeakOnPath,
    &leaks::close_instead_of_release::CloseInsteadOfRelease,
    &leaks::with_does_not_close::WithDoesNotClose,
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
];

/// The pseudo-rule of files that do not parse. Always on.
pub static SYNTAX_ERROR: RuleMeta = RuleMeta {
    code: "syntax-error",
    name: "syntax-error",
    summary: "the file does not parse; parts of it were not analysed",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: "# syntax-error\n\n## What it does\n\nThe file could not be parsed. connlint still analyses the functions that parsed cleanly and skips the rest.\n",
};

/// The pseudo-rule of code too deeply nested or too large for the analysis:
/// connlint says where it stopped instead of skipping it silently. Always on.
pub static ANALYSIS_LIMIT: RuleMeta = RuleMeta {
    code: "analysis-limit",
    name: "analysis-limit",
    summary: "code too deeply nested or too large to analyse; some rules were not checked in it",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: "# analysis-limit\n\n## What it does\n\nA function was too deeply nested (more than 100 nested blocks in Python, 200 levels of Rust expressions), its control-flow graph too large (50,000 nodes), or following its connections would take too long (8 million graph steps), so the path-sensitive rules (CL102, CL103, CL302, CL305 in Python; every rule below that point in Rust) were not checked there. Only generated code comes near these limits; exclude the file (`extend-exclude`) or split the function.\n",
};

/// The pseudo-rules: not in `RULES`, always on, never suppressed by a
/// comment; listed with the rules in SARIF and known to the cache.
pub static PSEUDO_RULES: [&RuleMeta; 2] = [&SYNTAX_ERROR, &ANALYSIS_LIMIT];

impl RuleMeta {
    /// Whether this is one of [`PSEUDO_RULES`].
    #[must_use]
    pub fn is_pseudo(&self) -> bool {
        PSEUDO_RULES.iter().any(|p| p.code == self.code)
    }
}

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
        let err = select("CL9").unwrap_err();
        assert!(err.contains("CL9"), "{err}");
        assert!(select("manual").is_err());
    }
}
