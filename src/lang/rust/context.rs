//! What a Rust rule sees of one file: the scan's facts, the project
//! summaries scoped to the file's crate, and where the file sits.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// What a Rust rule sees of one file: the scan's events and project calls, and the summaries.
pub struct RsContext<'a> {
    pub source: &'a SourceFile,
    pub scan: &'a crate::lang::rust::scan::FileScan,
    pub project: crate::lang::rust::project::Scoped<'a>,
    pub catalog: &'a crate::catalog::rust::RustCatalog,
    /// Test code by path (`tests/`, `benches/`, `examples/`).
    pub is_test: bool,
    /// Start-up code by path (`src/bin/`, `build.rs`, migrations).
    pub is_startup: bool,
    /// `[rules.leaked-guard] detach = true`.
    pub flag_detach: bool,
}

impl RsContext<'_> {
    /// The facts of one kind.
    pub fn facts<'s>(
        &'s self,
        pred: impl Fn(&crate::lang::rust::scan::FactKind) -> bool + 's,
    ) -> impl Iterator<Item = &'s crate::lang::rust::scan::Fact> + 's {
        self.scan.facts.iter().filter(move |e| pred(&e.kind))
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

/// A rule's check of one Rust file (see `rules::Rule::rust`).
pub trait RustRule: Sync {
    fn check(&self, cx: &RsContext<'_>, out: &mut Vec<Diagnostic>);
}
