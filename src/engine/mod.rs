//! The pipeline, written once for every caller (the CLI, `--fix`, the
//! tests, the fuzz targets): read, prefilter, pass 1, project, pass 2,
//! suppress, sort. It decides no finding itself: the languages under
//! `lang/` turn files into facts and the rules under `rules/` into findings.

mod driver;
mod options;
mod paths;
mod prefilter;
mod read;
mod report;
mod trace;

pub use driver::check;
pub use options::{Progress, RunError, RunOptions};
pub use paths::{display_path, project_root};
pub use read::decode;
pub use report::{FileReport, Report};

use tree_sitter::Tree;

use crate::diagnostic::Diagnostic;
use crate::lang::{Language, suppression_comments};
use crate::source::SourceFile;
use crate::suppress::Suppressions;

/// What every language's findings of a file go through: the file's
/// suppression comments (never for the pseudo-rules), sorting, and one
/// finding per rule and span.
#[must_use]
pub fn finish<L: Language>(
    source: &SourceFile,
    tree: &Tree,
    mut out: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if !out.is_empty() {
        let root = tree.root_node();
        let comments = suppression_comments(root, &source.text, L::COMMENT_KINDS);
        if !comments.is_empty() {
            let suppressions = Suppressions::from_comments(source, &comments);
            out.retain(|d| {
                d.rule.is_pseudo()
                    || !suppressions
                        .suppresses(d, |offset| L::statement_lines(source, root, offset))
            });
        }
    }
    sort_diagnostics(&mut out);
    out.dedup_by(|a, b| a.range == b.range && a.rule.code == b.rule.code);
    out
}

/// Sorts by position, then code, then message: the same bytes on every run.
pub fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code,
            &b.message,
        ))
    });
}
