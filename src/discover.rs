//! Finding the files to check: a parallel walk that honours `.gitignore`,
//! `.ignore`, exclude globs and the default excludes, picks files by
//! extension, never follows a symlink out of the walked root, and survives
//! symlink loops. Explicitly named files are always checked.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::settings::Settings;
use crate::source::Lang;

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Absolute path.
    pub path: PathBuf,
    pub lang: Lang,
    /// Index of its settings.
    pub settings: usize,
    /// Named on the command line (checked even if excluded).
    pub explicit: bool,
}

/// A problem met while walking, reported without stopping the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
    /// An error (a missing path) rather than a warning (a symlink loop).
    pub error: bool,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    pub problems: Vec<Problem>,
    /// Paths named on the command line that do not exist.
    pub missing: usize,
}

/// Walks each `(path, settings index)`; `path` is absolute.
#[must_use]
pub fn discover(paths: &[(PathBuf, usize)], settings: &[Settings], threads: usize) -> Discovery {
    let mut out = Discovery::default();
    for (path, si) in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.problems.push(Problem {
                    path: path.clone(),
                    message: describe_io(&e),
                    error: true,
                });
                out.missing += 1;
                continue;
            }
        };
        if meta.is_dir() {
            walk_dir(path, *si, &settings[*si], threads, &mut out);
        } else {
            match Lang::from_path(path) {
                Some(lang) => out.files.push(Candidate {
                    path: path.clone(),
                    lang,
                    settings: *si,
                    explicit: true,
                }),
                None => out.problems.push(Problem {
                    path: path.clone(),
                    message: "not a Python (`.py`) or Rust (`.rs`) file; skipped".to_owned(),
                    error: false,
                }),
            }
        }
    }
    out.files.sort();
    // A file reached twice (named and inside a named directory) is checked once; explicit wins.
    out.files.dedup_by(|b, a| {
        if a.path == b.path {
            a.explicit |= b.explicit;
            true
        } else {
            false
        }
    });
    out.problems.sort();
    out.problems.dedup();
    out
}

fn walk_dir(root: &Path, si: usize, settings: &Settings, threads: usize, out: &mut Discovery) {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let files: Arc<Mutex<Vec<Candidate>>> = Arc::default();
    let problems: Arc<Mutex<Vec<Problem>>> = Arc::default();
    let exclude_settings = settings.clone();
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(true)
        .require_git(false)
        .follow_links(true)
        .threads(threads.max(1))
        .filter_entry(move |entry| {
            let path = entry.path();
            if entry.depth() > 0 && exclude_settings.is_excluded(path) {
                return false;
            }
            // Never leave the walked root through a symlink.
            if entry.path_is_symlink() {
                return std::fs::canonicalize(path).is_ok_and(|c| c.starts_with(&canonical_root));
            }
            true
        });
    builder.build_parallel().run(|| {
        let files = Arc::clone(&files);
        let problems = Arc::clone(&problems);
        Box::new(move |result| {
            match result {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    // A FIFO, socket or device named like a source file: said, never opened.
                    let special = entry
                        .file_type()
                        .is_some_and(|t| !t.is_file() && !t.is_dir() && !t.is_symlink());
                    if special && Lang::from_path(entry.path()).is_some() {
                        if let Ok(mut p) = problems.lock() {
                            p.push(Problem {
                                path: entry.path().to_owned(),
                                message: "not a regular file (a FIFO, socket or device); skipped"
                                    .to_owned(),
                                error: false,
                            });
                        }
                    }
                    if is_file {
                        if let Some(lang) = Lang::from_path(entry.path()) {
                            if let Ok(mut f) = files.lock() {
                                f.push(Candidate {
                                    path: entry.path().to_owned(),
                                    lang,
                                    settings: si,
                                    explicit: false,
                                });
                            }
                        }
                    }
                }
                Err(err) => {
                    if let Ok(mut p) = problems.lock() {
                        p.push(walk_problem(&err));
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    if let Ok(mut f) = files.lock() {
        out.files.append(&mut f);
    }
    if let Ok(mut p) = problems.lock() {
        out.problems.append(&mut p);
    }
}

fn walk_problem(err: &ignore::Error) -> Problem {
    match err {
        ignore::Error::WithPath { path, err } => {
            let mut p = walk_problem(err);
            if p.path.as_os_str().is_empty() {
                p.path.clone_from(path);
            }
            p
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err)
        }
        ignore::Error::Loop { child, .. } => Problem {
            path: child.clone(),
            message: "symlink loop; not followed".to_owned(),
            error: false,
        },
        ignore::Error::Io(e) => Problem {
            path: PathBuf::new(),
            message: describe_io(e),
            error: true,
        },
        other => Problem {
            path: PathBuf::new(),
            message: other.to_string(),
            error: false,
        },
    }
}

/// A short, lowercase description of an I/O error.
#[must_use]
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            // "Is a directory (os error 21)" → "is a directory (os error 21)"
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}
