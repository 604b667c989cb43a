//! What a Python rule sees of one file: the parsed file, the catalog, the
//! project summaries, the acquisitions and what the analyses made of them.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::lang::python::leaks::{self, LeakAnalysis, LeakFinding};
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::{Acquisition, Finder, Hold, PoolConstruction};
use crate::lang::python::summaries::Project;
use crate::source::SourceFile;

/// What a Python rule sees of one file.
pub struct PyContext<'a, 't> {
    pub source: &'a SourceFile,
    pub file: &'a PyFile<'t>,
    pub catalog: &'a Catalog,
    pub project: &'a Project,
    pub finder: &'a Finder<'a, 't>,
    pub acquisitions: &'a [Acquisition<'t>],
    /// The path-sensitive analysis, run when a rule first asks for it
    /// (`leaks`, `open`): a run whose rules never ask never pays for it.
    pub leak_analysis: &'a std::cell::OnceCell<LeakAnalysis<'t>>,
    /// Pools built in the file.
    pub pools: &'a [PoolConstruction<'t>],
    /// Connections held by `with` statements.
    pub holds: &'a [Hold<'t>],
    /// The file is test code: a `conftest.py`, under `tests/`, `test/` or
    /// `testing/`, or named like a test and shaped like one (`test_code`).
    pub is_test: bool,
    /// `[rules.leak-on-exception] in-tests = true`: CL102 reports in test code too.
    pub leak_on_exception_in_tests: bool,
    /// `[rules.manual-connection] allow-finally = true`: CL101 leaves a release in `finally` alone.
    pub manual_connection_allow_finally: bool,
    /// Every identifier of the file by name, built on first use (see `identifiers`).
    pub idents: &'a std::cell::OnceCell<IdentIndex<'t>>,
}

/// The identifier nodes of a file, by name, in source order.
pub type IdentIndex<'t> = std::collections::HashMap<&'t str, Vec<tree_sitter::Node<'t>>>;

impl<'a, 't> PyContext<'a, 't> {
    /// The path-sensitive analysis of the file's connections, run on first use.
    #[must_use]
    pub fn leak_analysis(&self) -> &'a LeakAnalysis<'t> {
        self.leak_analysis
            .get_or_init(|| leaks::analyse(self.finder, self.acquisitions))
    }

    /// What the path-sensitive analysis found: at most one leak per acquisition.
    #[must_use]
    pub fn leaks(&self) -> &'a [LeakFinding<'t>] {
        &self.leak_analysis().findings
    }

    /// Per local acquisition (index): the code that runs while it may be open.
    #[must_use]
    pub fn open(&self) -> &'a [(usize, Vec<tree_sitter::Node<'t>>)] {
        &self.leak_analysis().open
    }

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

/// A rule's check of one Python file (see `rules::Rule::python`).
pub trait PythonRule: Sync {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>);
}
