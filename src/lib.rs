//! connlint: finds database-connection misuse in Python (and, later, Rust) code.
//!
//! The pipeline, one way: settings → `discover` → read → pass 1 (parse each
//! file once, extract facts) → `analysis::summaries` (project-wide) → pass 2
//! (per file, in parallel: rules) → `suppress` → sort → `report`.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod lang;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::summaries::{ModuleFacts, Project, ProjectConfig};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::discover::{Candidate, Problem};
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::Finder;
use crate::rules::{PyContext, RULES};
use crate::settings::{ConfigError, Overrides, Settings};
use crate::source::{Lang, SourceFile, TextRange};
use crate::suppress::Suppressions;

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

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    /// The path relative to the project root (stable whatever the working directory).
    pub project_path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
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

/// A file of the project, read, with what pass 1 made of it.
struct Loaded {
    candidate: Candidate,
    /// Whether findings are reported for it (vs. only read for summaries).
    target: bool,
    source: Option<Arc<SourceFile>>,
    facts: Option<ModuleFacts>,
}

/// Runs connlint.
pub fn check(opts: &RunOptions) -> Result<Report, RunError> {
    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        opts.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| check_in_pool(opts, threads))
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
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

fn check_in_pool(opts: &RunOptions, threads: usize) -> Result<Report, RunError> {
    let cwd = &opts.cwd;
    let mut paths: Vec<PathBuf> = opts.paths.iter().map(|p| absolute(cwd, p)).collect();
    let stdin_path = opts.stdin.as_ref().map(|(p, _)| absolute(cwd, p));
    if paths.is_empty() && stdin_path.is_none() {
        paths.push(cwd.clone());
    }

    // Settings: one per configuration file in play.
    let mut settings: Vec<Settings> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut settings_for = |start: &Path| -> Result<usize, RunError> {
        let (config_path, options) = match &opts.config {
            Some(c) => {
                let c = absolute(cwd, c);
                let o = settings::load_file(&c)?.unwrap_or_default();
                (Some(c), o)
            }
            None => match settings::find_config(start)? {
                Some((p, o)) => (Some(p), o),
                None => (None, settings::Options::default()),
            },
        };
        let key = config_path.clone();
        if let Some(&i) = by_config.get(&key) {
            return Ok(i);
        }
        let root = match &config_path {
            Some(c) => c.parent().map_or_else(|| cwd.clone(), Path::to_path_buf),
            None => settings::find_repo_root(start).unwrap_or_else(|| {
                if start.starts_with(cwd) {
                    cwd.clone()
                } else if start.is_dir() {
                    start.to_owned()
                } else {
                    start
                        .parent()
                        .map_or_else(|| cwd.clone(), Path::to_path_buf)
                }
            }),
        };
        let s = Settings::resolve(options, &opts.overrides, config_path, root)?;
        settings.push(s);
        by_config.insert(key, settings.len() - 1);
        Ok(settings.len() - 1)
    };
    let mut requested: Vec<(PathBuf, usize)> = Vec::new();
    for p in &paths {
        let i = settings_for(p)?;
        requested.push((p.clone(), i));
    }
    let stdin_settings = match &stdin_path {
        Some(p) => Some(settings_for(p)?),
        None => None,
    };

    // The catalog: built in, plus every configuration's additions.
    let mut catalog = Catalog::python()?;
    let mut project_config = ProjectConfig::default();
    for s in &settings {
        let origin = s
            .config_path
            .as_ref()
            .map_or_else(|| "settings".to_owned(), |p| p.display().to_string());
        catalog.extend(s.catalog.catalog_file(), &origin)?;
        for r in &s.catalog.releasers {
            catalog.add_releaser(r);
        }
        project_config
            .acquirers
            .extend(s.catalog.acquirers.iter().cloned());
        project_config
            .guarded_context_managers
            .extend(s.catalog.guarded_context_managers.iter().cloned());
        project_config
            .pool_modules
            .extend(s.catalog.pool_modules.iter().cloned());
    }

    // Targets, then the rest of each project (summaries see the whole project,
    // so a pre-commit run on one changed file still knows `app/db.py`).
    let targets = discover::discover(&requested, &settings, threads);
    let mut problems = targets.problems.clone();
    let mut target_paths: HashSet<PathBuf> = targets.files.iter().map(|c| c.path.clone()).collect();
    let mut all: Vec<(Candidate, bool)> =
        targets.files.iter().cloned().map(|c| (c, true)).collect();
    let mut roots: Vec<(PathBuf, usize)> = Vec::new();
    for (i, s) in settings.iter().enumerate() {
        let covered = requested
            .iter()
            .any(|(p, _)| p.is_dir() && s.root.starts_with(p));
        if !covered && s.root.is_dir() {
            roots.push((s.root.clone(), i));
        }
    }
    if !roots.is_empty() {
        let context = discover::discover(&roots, &settings, threads);
        for c in context.files {
            if !target_paths.contains(&c.path) {
                all.push((c, false));
            }
        }
    }
    if let (Some(p), Some(si)) = (&stdin_path, stdin_settings) {
        all.retain(|(c, _)| &c.path != p);
        target_paths.insert(p.clone());
        all.push((
            Candidate {
                path: p.clone(),
                lang: Lang::Python,
                settings: si,
                explicit: true,
            },
            true,
        ));
    }
    // TODO(#5): the Rust front end; until then `.rs` files are discovered but not read.
    all.retain(|(c, _)| c.lang == Lang::Python);
    all.sort();

    // Package directories, from the files found (no extra system calls), and for
    // files named outside any walked tree, from the file system.
    let mut package_dirs: HashSet<PathBuf> = all
        .iter()
        .filter(|(c, _)| c.path.file_name().is_some_and(|n| n == "__init__.py"))
        .filter_map(|(c, _)| c.path.parent().map(Path::to_path_buf))
        .collect();
    for (c, _) in all.iter().filter(|(c, _)| c.explicit) {
        let mut d = c.path.parent();
        while let Some(dir) = d {
            if package_dirs.contains(dir) || !dir.join("__init__.py").is_file() {
                break;
            }
            package_dirs.insert(dir.to_owned());
            d = dir.parent();
        }
    }
    let is_package_dir = |d: &Path| package_dirs.contains(d);

    let pool_names: HashSet<&str> = catalog
        .pools
        .iter()
        .flat_map(|p| p.class.iter())
        .map(|c| c.rsplit('.').next().unwrap_or(c))
        .collect();

    // Read and run pass 1.
    let stdin_text = opts.stdin.as_ref().map(|(_, t)| t.as_str());
    let loaded: Vec<Result<Loaded, Problem>> = all
        .par_iter()
        .map(|(c, target)| {
            let text = if Some(&c.path) == stdin_path.as_ref() {
                Ok(stdin_text.unwrap_or("").to_owned())
            } else {
                read_source(&c.path, settings[c.settings].max_file_size)
            };
            let text = match text {
                Ok(t) => t,
                Err(message) => {
                    return Err(Problem {
                        path: c.path.clone(),
                        message,
                        error: *target,
                    });
                }
            };
            let source = SourceFile::new(display_path(cwd, &c.path), text, c.lang);
            let root = &settings[c.settings].root;
            let (module, is_package) = lang::python::module_name(&c.path, root, &is_package_dir);
            let facts = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let tree = lang::python::parse(&source.text)?;
                let file =
                    PyFile::build(&source.text, &tree, Arc::from(module.as_str()), is_package);
                let mut f = lang::python::facts::extract(&file, &catalog, &pool_names);
                f.path.clone_from(&c.path);
                f.is_test = lang::python::is_test_path(&c.path);
                Some(f)
            }))
            .ok()
            .flatten();
            Ok(Loaded {
                candidate: c.clone(),
                target: *target,
                source: target.then(|| Arc::new(source)),
                facts,
            })
        })
        .collect();

    let mut files = Vec::new();
    let mut facts = Vec::new();
    let mut unreadable = 0;
    for l in loaded {
        match l {
            Ok(mut l) => {
                if let Some(f) = l.facts.take() {
                    facts.push(f);
                }
                if l.target {
                    files.push(l);
                }
            }
            Err(p) => {
                if target_paths.contains(&p.path) {
                    unreadable += 1;
                    problems.push(p);
                }
            }
        }
    }
    let project = Project::build(&catalog, facts, &project_config);
    let interesting = interesting_names(&catalog, &project);

    // Pass 2: rules, per file, in parallel.
    let results: Vec<(Option<FileReport>, Option<Problem>)> = files
        .par_iter()
        .filter_map(|l| l.source.clone().map(|s| (l, s)))
        .map(|(l, source)| {
            let s = &settings[l.candidate.settings];
            let rules = s.rules_for(&l.candidate.path);
            let root = &s.root;
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                check_python(
                    &source,
                    &l.candidate.path,
                    root,
                    &is_package_dir,
                    &catalog,
                    &project,
                    &interesting,
                    &rules,
                )
            }));
            match outcome {
                Ok(diagnostics) => (
                    Some(FileReport {
                        source,
                        project_path: l
                            .candidate
                            .path
                            .strip_prefix(root)
                            .map_or_else(|_| l.candidate.path.clone(), Path::to_path_buf),
                        diagnostics,
                    }),
                    None,
                ),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    (
                        None,
                        Some(Problem {
                            path: l.candidate.path.clone(),
                            message: format!(
                                "internal error while checking this file ({what}); please report it"
                            ),
                            error: true,
                        }),
                    )
                }
            }
        })
        .collect();

    let mut report = Report {
        cwd: cwd.clone(),
        missing: targets.missing,
        unreadable,
        ..Report::default()
    };
    for (file, problem) in results {
        if let Some(f) = file {
            report.checked += 1;
            if !f.diagnostics.is_empty() {
                report.files.push(f);
            }
        }
        if let Some(p) = problem {
            report.internal_errors += 1;
            problems.push(p);
        }
    }
    report
        .files
        .sort_by(|a, b| a.source.path.cmp(&b.source.path));
    for p in &mut problems {
        p.path = display_path(cwd, &p.path);
    }
    problems.sort();
    problems.dedup();
    report.problems = problems;
    Ok(report)
}

/// Reads a file as UTF-8 source, with a clear message for everything that is not one.
fn read_source(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| discover::describe_io(&e))?;
    if !meta.is_file() {
        return Err("not a regular file; skipped".to_owned());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, larger than the limit of {max_size} bytes (`--max-file-size`); skipped",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| discover::describe_io(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(format!(
            "file grew beyond the limit of {max_size} bytes while reading; skipped"
        ));
    }
    decode(bytes)
}

/// Decodes file bytes as UTF-8, refusing binary files.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Err("file is UTF-16 encoded; only UTF-8 is supported; skipped".to_owned());
        }
        return Err(format!("binary file (NUL byte at offset {pos}); skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        #[allow(clippy::naive_bytecount)]
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 (invalid byte at line {line}, byte offset {at}); skipped")
    })
}

/// Last names of callees that may acquire, for cheap filtering before evaluation.
fn interesting_names(catalog: &Catalog, project: &Project) -> HashSet<String> {
    let mut names: HashSet<String> = HashSet::new();
    let leaf = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
    for a in &catalog.acquires {
        names.extend(a.call.iter().map(|c| leaf(c)));
    }
    for p in &catalog.pools {
        names.extend(p.acquire.iter().cloned());
        names.extend(p.guarded.iter().cloned());
    }
    names.extend(project.acquirer_names());
    names
}

#[allow(clippy::too_many_arguments)]
fn check_python(
    source: &SourceFile,
    abs_path: &Path,
    root: &Path,
    is_package_dir: &dyn Fn(&Path) -> bool,
    catalog: &Catalog,
    project: &Project,
    interesting: &HashSet<String>,
    rules: &rules::RuleSet,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(tree) = lang::python::parse(&source.text) else {
        return out;
    };
    let (module, is_package) = lang::python::module_name(abs_path, root, is_package_dir);
    let file = PyFile::build(&source.text, &tree, Arc::from(module.as_str()), is_package);
    if let Some(err) = file.first_error {
        out.push(syntax_error(source, err));
    }
    let finder = Finder {
        file: &file,
        catalog,
        project,
        interesting,
    };
    let mut acquisitions = finder.acquisitions();
    // Code inside a statement that does not parse is not analysed.
    if tree.root_node().has_error() {
        acquisitions.retain(|a| !enclosing_unit(&file, a.scope, a.call).has_error());
    }
    let cx = PyContext {
        source,
        file: &file,
        catalog,
        project,
        finder: &finder,
        acquisitions: &acquisitions,
        is_test: lang::python::is_test_path(abs_path),
    };
    for rule in rules.iter() {
        rule.check_python(&cx, &mut out);
    }
    let suppressions = Suppressions::from_comments(source, &file.comments);
    let root_node = tree.root_node();
    out.retain(|d| {
        d.rule.code == rules::SYNTAX_ERROR.code || !suppressions.suppresses(source, root_node, d)
    });
    sort_diagnostics(&mut out);
    out
}

/// The function around a node, or the top-level statement for module code.
fn enclosing_unit<'t>(
    file: &PyFile<'t>,
    scope: u32,
    node: tree_sitter::Node<'t>,
) -> tree_sitter::Node<'t> {
    let s = &file.scopes[scope as usize];
    if s.id != 0 {
        return s.node;
    }
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind() == "module" {
            return n;
        }
        n = p;
    }
    n
}

fn syntax_error(source: &SourceFile, node: tree_sitter::Node<'_>) -> Diagnostic {
    let range = TextRange::of(node);
    let message = if node.is_missing() {
        format!("syntax error: expected `{}`", node.kind())
    } else {
        let text = source.slice(range);
        let first: String = text.chars().take(20).collect();
        let first = first.lines().next().unwrap_or("").trim();
        if first.is_empty() {
            "syntax error".to_owned()
        } else {
            format!("syntax error: unexpected `{first}`")
        }
    };
    let range = if range.start == range.end {
        TextRange {
            start: range.start,
            end: range.start,
        }
    } else {
        range
    };
    Diagnostic::new(&rules::SYNTAX_ERROR, range, message)
        .note("code that does not parse is not analysed; the rest of the file is")
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

/// The rules by code, for reporters.
#[must_use]
pub fn all_rules() -> &'static [&'static dyn rules::Rule] {
    RULES
}
