//! Paths of a run: absolute and displayed forms, and the project root that
//! a configuration file (or its absence) gives.

use std::path::{Path, PathBuf};

use crate::settings;

pub(crate) fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_owned()
    } else {
        cwd.join(p)
    };
    // Lexical normalisation: drop `.` and resolve `..` without touching symlinks.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path as the user should see it: relative to the working directory when below it.
#[must_use]
pub fn display_path(cwd: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_owned(),
        _ => p.to_owned(),
    }
}

/// The project root for `start`: the configuration file's directory, else
/// the repository root, else the nearest distribution root, else the
/// directory above the outermost package holding `start` (its own directory
/// when that is no package), but not above the working directory.
///
/// Not the working directory itself: `connlint check /tmp/apps/shop` run
/// from `/tmp`, with no marker in `shop`, read every project under `/tmp`
/// for summaries and named `shop`'s modules `apps.shop.app.db`, so its
/// imports (`from app.db import ...`) resolved to nothing.
pub(crate) fn root_for(config_path: Option<&Path>, start: &Path, cwd: &Path) -> PathBuf {
    match config_path {
        Some(c) => c.parent().map_or_else(|| cwd.to_owned(), Path::to_path_buf),
        None => settings::find_repo_root(start)
            .or_else(|| settings::find_distribution_root(start))
            .unwrap_or_else(|| {
                let mut dir = if start.is_dir() {
                    start.to_owned()
                } else {
                    start
                        .parent()
                        .map_or_else(|| cwd.to_owned(), Path::to_path_buf)
                };
                // Out of the packages `start` is in (`app/` of `check app/`).
                while dir.join("__init__.py").is_file() && dir != cwd {
                    match dir.parent() {
                        Some(p) if p.starts_with(cwd) || !dir.starts_with(cwd) => {
                            dir = p.to_owned();
                        }
                        _ => break,
                    }
                }
                dir
            }),
    }
}

/// The project root a run from `cwd` on `start` uses (where its cache lives).
#[must_use]
pub fn project_root(start: &Path, cwd: &Path) -> PathBuf {
    let start = absolute(cwd, start);
    let config = settings::find_config(&start).ok().flatten().map(|(p, _)| p);
    root_for(config.as_deref(), &start, cwd)
}

/// Whether a project root is too broad to read for summaries: the filesystem
/// root or the home directory (reached when a file outside any repository is
/// checked from there, e.g. `--stdin-filename` run from `/`).
pub(crate) fn too_broad_for_context(root: &Path) -> bool {
    root.parent().is_none()
        || std::env::var_os("HOME").is_some_and(|h| !h.is_empty() && Path::new(&h) == root)
}
