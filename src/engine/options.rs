//! What a run is asked to do (`RunOptions`), what a caller can watch while
//! it goes (`Progress`), and the errors that stop it before any file is read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog;
use crate::settings::{ConfigError, Overrides};

/// What to check, as the CLI (or a test) asks for it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Paths to check (absolute or relative to `cwd`).
    pub paths: Vec<PathBuf>,
    /// `--config FILE`: use this configuration for every path.
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// `--stdin-filename NAME` and the source read from stdin.
    pub stdin: Option<(PathBuf, String)>,
    /// The working directory: relative paths are resolved and displayed against it.
    pub cwd: PathBuf,
    /// Texts to use instead of the files' contents (absolute paths): what
    /// `--diff` has fixed so far, without writing it.
    pub overlay: HashMap<PathBuf, String>,
    /// `--force-exclude`: the exclude globs apply to files named on the
    /// command line too (pre-commit names every changed file).
    pub force_exclude: bool,
    /// Counters a caller may watch while the run goes on (a progress bar).
    pub progress: Option<Arc<Progress>>,
    /// Use the result cache under `.connlint_cache/` at the project root
    /// (never with stdin, nor with an overlay unless `cache_overlay`).
    pub cache: bool,
    /// Use the cache even with an overlay: the language server's overlay is
    /// the editor's unsaved text, and entries are keyed by content, so the
    /// files it does not touch still hit. (`--diff`'s intermediate texts
    /// would only fill the cache with states nobody checks again.)
    pub cache_overlay: bool,
    /// Also describe the project model each language inferred
    /// (`Report::model`, `connlint explain`).
    pub explain: bool,
}

/// How far a run has got: files to read, read, and analysed.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: std::sync::atomic::AtomicUsize,
    pub read: std::sync::atomic::AtomicUsize,
    pub analysed: std::sync::atomic::AtomicUsize,
}

impl Progress {
    pub(crate) fn add(counter: Option<&std::sync::atomic::AtomicUsize>, n: usize) {
        if let Some(c) = counter {
            c.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}
