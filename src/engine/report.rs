//! What a run found: per-file findings and the problems met on the way.
//! Plain data for `report/`, `fix` and `baseline`; nothing here decides.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::discover::Problem;
use crate::source::SourceFile;

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    /// The path relative to the project root (stable whatever the working directory).
    pub project_path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// The fingerprints of `diagnostics` when some findings were taken out
    /// (by a baseline) after they were computed; `None`: computed on demand.
    pub fingerprints: Option<Vec<String>>,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path; diagnostics sorted by position and code.
    pub files: Vec<FileReport>,
    /// Problems with paths and files (unreadable, not UTF-8, too large, ...), sorted.
    pub problems: Vec<Problem>,
    /// Files analysed.
    pub checked: usize,
    /// Files that were to be checked but could not be read.
    pub unreadable: usize,
    /// Paths named on the command line that do not exist.
    pub missing: usize,
    /// Internal errors (a panic while checking a file).
    pub internal_errors: usize,
    /// The working directory paths are displayed against.
    pub cwd: PathBuf,
    /// With `RunOptions::explain`: the project model in words, one line
    /// each, prefixed by the language (`python: pool ...`).
    pub model: Vec<String>,
    /// With `RunOptions::explain`: the deployment facts read under each
    /// project root (`deploy::scan`), in words, and the deployment files
    /// that could not be read.
    pub deployment: Vec<String>,
}

impl Report {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    #[must_use]
    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }
}
